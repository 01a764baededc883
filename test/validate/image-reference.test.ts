import { describe, expect, it } from "vitest";
import { checkImageReference } from "../../src/knowledge/image-reference";

const HEX64 = "f".repeat(64);
const SHA = `sha256:${"0123456789abcdef".repeat(4)}`;

/**
 * Verdicts of the container runtime (`ParseNormalizedNamed` of github.com/distribution/reference, which the kubelet
 * and containerd call). Sources, by the comment after each group:
 * - issue 12: the references the issue lists;
 * - reference_test.go: distribution/reference TestReferenceParse (verdicts of `Parse`; where normalisation changes
 *   the verdict it is said);
 * - normalize_test.go: distribution/reference TestValidateReferenceName, TestValidateRemoteName,
 *   TestParseReferenceWithTagAndDigest (verdicts of `ParseNormalizedNamed` itself).
 */
const valid: [string, string][] = [
  // issue 12
  ["localhost:5000/a/b:1", "registry with a port"],
  [`a/b@sha256:${"a".repeat(64)}`, "digest"],
  [`a:1@${SHA}`, "tag and digest"],
  ["registry.example.com/team/img_name.x-y:v1.2-rc", "separators and a dotted tag"],
  // reference_test.go
  ["test_com", "underscore in a bare name"],
  ["test.com:tag", "bare name with a dot, and a tag"],
  ["test.com:5000", "bare name whose tag looks like a port"],
  ["test:5000/repo:tag", "host:port"],
  [`test:5000/repo:tag@sha256:${HEX64}`, "host:port, tag and digest"],
  ["lowercase:Uppercase", "capitals in a tag"],
  ["sub-dom1.foo.com/bar/baz/quux:some-long-tag", "nested path"],
  ["b.gcr.io/test.example.com/my-app:test.example.com", "dots in path and tag"],
  [`xn--7o8h.com/myimage:xn--7o8h.com@sha512:${"f".repeat(128)}`, "sha512 digest"],
  ["foo_bar.com:8080", "underscore and a numeric tag"],
  ["192.168.1.1:5000/repo:5050", "IPv4 registry"],
  ["[2001:db8::1]:5000/repo:tag", "IPv6 registry"],
  [`${"a/".repeat(122)}a:tag`, "a name of 255 characters with docker.io/"],
  // normalize_test.go
  ["docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "hexadecimal path with a registry"],
  ["Docker/docker", "capitalised first component: read as a registry host"],
  ["index.docker.io/library/debian", "legacy Docker Hub host"],
  ["[fc00:1:2:3:4:5:6:7]:5000/library/debian", "full IPv6 registry"],
  ["thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "64 characters, not hexadecimal"],
  ["docker---rules/docker", "several dashes"],
  ["dock__er/docker", "double underscore"],
  [`busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa`, "short name, tag and digest"],
  [`x:${"t".repeat(128)}`, "a 128-character tag"],
];

const invalid: [string, RegExp, RegExp | undefined][] = [
  // issue 12
  ["ghcr.io/Acme/Extract:1.0", /repository name "Acme\/Extract" has upper-case letters/, /must be lowercase.*"ghcr\.io\/acme\/extract:1\.0"/],
  ["Busybox:1.36", /repository name "Busybox" has upper-case letters/, /must be lowercase.*"busybox:1\.36"/],
  ["x:", /the tag after ":" is empty/, undefined],
  ["a/x:1.0:2", /the tag "1\.0:2" contains ":"/, /one tag/],
  ["a/x@sha256:abc", /sha256 digest has 3 characters, not 64/, /64 lowercase hex/],
  ["-acme/x:1", /path component "-acme" is invalid/, /starting and ending/],
  ["acme//x:1", /empty path component/, undefined],
  [`x:${"t".repeat(129)}`, /tag is 129 characters long/, /at most 128/],
  ["host:notaport/x:1", /registry port "notaport" is not a number/, /numeric port/],
  // reference_test.go
  [":justtag", /empty path component/, undefined],
  [`@sha256:${HEX64}`, /empty path component/, undefined],
  ["repo@sha256:ffffffffffffffffffffffffffffffffff", /sha256 digest has 34 characters, not 64/, undefined],
  [`validname@invaliddigest:${HEX64}`, /algorithm "invaliddigest" is not supported/, undefined],
  ["Uppercase:tag", /upper-case letters/, undefined],
  ["test:5000/Uppercase/lowercase:tag", /upper-case letters/, undefined],
  [`${"a/".repeat(128)}a:tag`, /repository name is \d+ characters long/, /at most 255/],
  // Valid for Parse, but ParseNormalizedNamed prefixes docker.io/, which takes the name over 255 characters.
  [`${"a/".repeat(127)}a:tag-puts-this-over-max`, /repository name is 265 characters long \(as docker\.io/, undefined],
  ["aa/asdf$$^/aa", /path component "asdf\$\$\^" is invalid/, undefined],
  ["[2001:db8::1]", /not a valid image reference|path component/, undefined],
  ["[fe80::1%eth0]:5000/repo", /registry host/, undefined],
  // normalize_test.go
  ["https://github.com/docker/docker", /registry/, undefined],
  ["docker/Docker", /upper-case letters/, undefined],
  ["-docker", /path component "-docker" is invalid/, undefined],
  ["-docker.io/docker/docker", /registry host "-docker\.io"/, undefined],
  ["docker.io/docker///docker", /empty path component/, undefined],
  ["fc00::1:5000/debian", /registry/, undefined],
  ["[2001:db8:3:4::192.0.2.33]:5000/debian", /registry host/, undefined],
  ["1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", /hexadecimal id/, undefined],
  ["docker-/docker", /path component "docker-"/, undefined],
  ["____/____", /path component "____"/, undefined],
  // A first component with a dot is read as a registry host (splitDockerDomain), and this one is none.
  ["dock..er/docker", /registry host "dock\.\.er"/, undefined],
  ["dock_.er/docker", /registry host "dock_\.er"/, undefined],
  ["dock-.er/docker", /registry host "dock-\.er"/, undefined],
  ["docker/", /empty path component/, undefined],
  [`${"this_is_not_a_valid_namespace_".repeat(9)}x/docker`, /characters long/, undefined],
  // go-digest: lowercase hex only; whitespace is no character of the grammar
  [`a@sha256:${"F".repeat(64)}`, /not lowercase hexadecimal/, undefined],
  ["ghcr.io/acme/ex tract:1", /path component "ex tract"/, undefined],
];

describe("image references, as the container runtime parses them", () => {
  it.each(valid)("accepts %s (%s)", (image) => {
    expect(checkImageReference(image)).toBeUndefined();
  });

  it.each(invalid)("refuses %s", (image, message, hint) => {
    const problem = checkImageReference(image);
    expect(problem, "must be refused").toBeDefined();
    expect(problem!.message).toMatch(message);
    expect(problem!.hint.length).toBeGreaterThan(10);
    if (hint) expect(problem!.hint).toMatch(hint);
  });
});
