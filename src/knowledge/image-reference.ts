/**
 * Container image references as the kubelet and containerd read them: the grammar of the `reference` package of
 * github.com/distribution/reference (regexp.go) through `ParseNormalizedNamed` (normalize.go), which both call
 * before pulling, and the digests of github.com/opencontainers/go-digest. A reference the runtime refuses makes
 * the pod fail at start (InvalidImageName), at night; here it fails at compile time, with what is wrong.
 */

// The grammar's pieces, as in regexp.go (Go's RE2 `\w` and `[[:xdigit:]]` are ASCII, as JavaScript's `\w` is).
const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
const IPV6_ADDRESS = "\\[(?:[a-fA-F0-9:]+)\\]";
const HOST = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

const anchored = (pattern: string) => new RegExp(`^${pattern}$`);
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const PATH_COMPONENT_RE = anchored(PATH_COMPONENT);
const DOMAIN_AND_PORT_RE = anchored(DOMAIN_AND_PORT);
const HOST_RE = anchored(HOST);
const TAG_RE = anchored(TAG);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

/** `NameTotalLengthMax` in reference.go: the whole name, registry included. */
const NAME_MAX = 255;
/** The algorithms containerd registers with go-digest (crypto/sha256 and crypto/sha512), and their hex lengths. */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
/** What `splitDockerDomain` puts before a name without a registry. */
const DEFAULT_DOMAIN = "docker.io";

export interface ImageReferenceProblem {
  readonly message: string;
  readonly hint: string;
}

/** The problem with an image reference as the container runtime reads it, or undefined when it pulls. */
export function checkImageReference(image: string): ImageReferenceProblem | undefined {
  if (IDENTIFIER_RE.test(image)) {
    return { message: `image "${image}" is a bare 64-character hexadecimal id, which is not a repository name`, hint: "name the repository and pin the digest: name@sha256:<digest>" };
  }
  const at = image.indexOf("@");
  const nameAndTag = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);

  const { domain, remainder } = splitDomain(nameAndTag);
  const colon = remainder.indexOf(":");
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  const tag = colon < 0 ? undefined : remainder.slice(colon + 1);

  if (remote.toLowerCase() !== remote) {
    const fixed = `${domain === undefined ? "" : `${domain}/`}${remote.toLowerCase()}${image.slice((domain === undefined ? 0 : domain.length + 1) + remote.length)}`;
    return { message: `image "${image}": the repository name "${remote}" has upper-case letters`, hint: `repository names must be lowercase (only the registry host and the tag may have capitals): "${fixed}"` };
  }
  const problem =
    (domain !== undefined ? checkDomain(domain) : undefined) ??
    checkRemote(remote) ??
    (tag !== undefined ? checkTag(tag) : undefined) ??
    (digest !== undefined ? checkDigest(digest) : undefined) ??
    checkLength(domain, remote);
  if (problem) return { message: `image "${image}": ${problem.message}`, hint: problem.hint };
  // The regular expression of the reference package is the authority; the checks above only say what is wrong.
  if (!REFERENCE_RE.test(`${domain ?? DEFAULT_DOMAIN}/${remainder}${digest === undefined ? "" : `@${digest}`}`)) {
    return { message: `image "${image}" is not a valid image reference`, hint: FORMAT_HINT };
  }
  return undefined;
}

const FORMAT_HINT = 'an image reference is [registry[:port]/]path[:tag][@algorithm:digest], e.g. "ghcr.io/acme/extract:1.4.2"';

/** `splitDockerDomain`: the first component is a registry when it has "." or ":", is localhost, or has capitals. */
function splitDomain(name: string): { domain: string | undefined; remainder: string } {
  const slash = name.indexOf("/");
  if (slash < 0) return { domain: undefined, remainder: name };
  const first = name.slice(0, slash);
  const isDomain = first === "localhost" || /[.:]/.test(first) || first.toLowerCase() !== first;
  return isDomain ? { domain: first, remainder: name.slice(slash + 1) } : { domain: undefined, remainder: name };
}

function checkDomain(domain: string): ImageReferenceProblem | undefined {
  if (DOMAIN_AND_PORT_RE.test(domain)) return undefined;
  const portAt = domain.startsWith("[") ? domain.indexOf("]:") + 1 : domain.lastIndexOf(":");
  const host = portAt > 0 ? domain.slice(0, portAt) : domain;
  if (portAt > 0 && HOST_RE.test(host)) {
    return { message: `the registry port "${domain.slice(portAt + 1)}" is not a number`, hint: 'write the registry as host:port with a numeric port, e.g. "localhost:5000/team/app:1.0"' };
  }
  return { message: `the registry host "${host}" is not a host name or address`, hint: 'registry hosts are DNS names, IPv4 addresses or [IPv6] addresses, e.g. "registry.example.com:5000"' };
}

function checkRemote(remote: string): ImageReferenceProblem | undefined {
  const components = remote.split("/");
  if (components.some((c) => c === "")) {
    return { message: `the repository "${remote}" has an empty path component`, hint: 'separate path components with one "/", and do not start or end with "/": "acme/extract"' };
  }
  const bad = components.find((c) => !PATH_COMPONENT_RE.test(c));
  if (bad !== undefined) {
    return {
      message: `the path component "${bad}" is invalid`,
      hint: 'path components are lowercase letters and digits, starting and ending with one, joined by ".", "_", "__" or dashes, e.g. "extract-v2"',
    };
  }
  return undefined;
}

function checkTag(tag: string): ImageReferenceProblem | undefined {
  if (tag === "") return { message: 'the tag after ":" is empty', hint: 'write a tag, e.g. ":1.4.2", or leave out the ":"' };
  if (tag.includes(":")) return { message: `the tag "${tag}" contains ":"`, hint: 'a reference has one tag: name:tag (a registry port goes before the first "/")' };
  if (tag.length > 128) return { message: `the tag is ${tag.length} characters long`, hint: "tags are at most 128 characters" };
  if (!TAG_RE.test(tag)) return { message: `the tag "${tag}" is invalid`, hint: 'tags are letters, digits, "_", "." and "-", not starting with "." or "-"' };
  return undefined;
}

/** go-digest's `Digest.Validate`: a known algorithm, then exactly its length of lowercase hex. */
function checkDigest(digest: string): ImageReferenceProblem | undefined {
  const colon = digest.indexOf(":");
  const algorithm = colon < 0 ? digest : digest.slice(0, colon);
  const encoded = colon < 0 ? "" : digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  const hint = "a digest is sha256: and 64 lowercase hex digits, as `docker buildx imagetools inspect` or the registry prints it";
  if (colon <= 0 || encoded === "") return { message: `the digest "${digest}" is not algorithm:hex`, hint };
  if (length === undefined) return { message: `the digest algorithm "${algorithm}" is not supported`, hint: `use ${Object.keys(DIGEST_HEX_LENGTH).join(", ")}; ${hint}` };
  if (encoded.length !== length) return { message: `the ${algorithm} digest has ${encoded.length} characters, not ${length}`, hint };
  if (!/^[a-f0-9]+$/.test(encoded)) return { message: `the ${algorithm} digest is not lowercase hexadecimal`, hint };
  return undefined;
}

/** The name the runtime pulls, registry included (`docker.io/library/` for a bare name), within 255 characters. */
function checkLength(domain: string | undefined, remote: string): ImageReferenceProblem | undefined {
  const name = domain !== undefined ? `${domain}/${remote}` : `${DEFAULT_DOMAIN}/${remote.includes("/") ? "" : "library/"}${remote}`;
  if (name.length <= NAME_MAX) return undefined;
  return { message: `the repository name is ${name.length} characters long${domain === undefined ? ` (as ${DEFAULT_DOMAIN}/...)` : ""}`, hint: `repository names, registry included, are at most ${NAME_MAX} characters` };
}
