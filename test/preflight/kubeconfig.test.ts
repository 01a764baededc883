import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KubeconfigError, loadConnection } from "../../src/preflight/kubeconfig";

function write(dir: string, name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === "string" ? doc : stringify(doc));
  return file;
}

const config = (contexts: { name: string; cluster: string; user: string; namespace?: string }[], extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Config",
  contexts: contexts.map(({ name, ...context }) => ({ name, context })),
  ...extra,
});

describe("kubeconfig: the connection of a context, as kubectl resolves it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-kubeconfig-"));
  const ca = Buffer.from("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
  fs.mkdirSync(path.join(dir, "certs"));
  fs.writeFileSync(path.join(dir, "certs", "client.crt"), "CERT");
  fs.writeFileSync(path.join(dir, "certs", "client.key"), "KEY");
  fs.writeFileSync(path.join(dir, "token"), "file-token\n");
  const main = write(
    dir,
    "main.yaml",
    config(
      [
        { name: "prod", cluster: "prod", user: "alice", namespace: "airflow" },
        { name: "dev", cluster: "dev", user: "bob" },
      ],
      {
        "current-context": "prod",
        clusters: [
          { name: "prod", cluster: { server: "https://prod.example:6443/", "certificate-authority-data": ca.toString("base64") } },
          { name: "dev", cluster: { server: "https://dev.example", "insecure-skip-tls-verify": true } },
        ],
        users: [
          { name: "alice", user: { token: "alice-token" } },
          { name: "bob", user: { "client-certificate": "certs/client.crt", "client-key": "certs/client.key" } },
        ],
      },
    ),
  );

  it("takes the current context by default, another by name; CA data, token, namespace; relative certificate paths", () => {
    const prod = loadConnection({ file: main });
    expect(prod).toMatchObject({ context: "prod", server: "https://prod.example:6443", token: "alice-token", namespace: "airflow", insecureSkipTlsVerify: false });
    expect(prod.ca).toEqual(ca);
    const dev = loadConnection({ file: main, context: "dev" });
    expect(dev).toMatchObject({ context: "dev", server: "https://dev.example", insecureSkipTlsVerify: true });
    expect(dev.clientCert?.toString()).toBe("CERT");
    expect(dev.clientKey?.toString()).toBe("KEY");
    expect(dev.token).toBeUndefined();
  });

  it("merges the files of $KUBECONFIG as kubectl does: the first file to name a context, cluster or user wins", () => {
    const other = write(
      dir,
      "other.yaml",
      config([{ name: "prod", cluster: "prod", user: "mallory" }, { name: "ci", cluster: "prod", user: "ci" }], {
        "current-context": "ci",
        clusters: [{ name: "prod", cluster: { server: "https://elsewhere.example" } }],
        users: [{ name: "mallory", user: { token: "no" } }, { name: "ci", user: { tokenFile: "token" } }],
      }),
    );
    const env = { KUBECONFIG: [main, other].join(path.delimiter) };
    expect(loadConnection({ env })).toMatchObject({ context: "prod", server: "https://prod.example:6443", token: "alice-token" });
    expect(loadConnection({ env, context: "ci" })).toMatchObject({ server: "https://prod.example:6443", token: "file-token" });
  });

  it("asks an exec credential plugin for its token", () => {
    const plugin = write(dir, "plugin.sh", `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-'"$GREETING"'"}}'\n`);
    fs.chmodSync(plugin, 0o755);
    const file = write(dir, "exec.yaml", config([{ name: "eks", cluster: "c", user: "u" }], {
      "current-context": "eks",
      clusters: [{ name: "c", cluster: { server: "https://eks.example" } }],
      users: [{ name: "u", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: plugin, env: [{ name: "GREETING", value: "hi" }] } } }],
    }));
    expect(loadConnection({ file }).token).toBe("exec-hi");
  });

  it("says what is wrong, never throws anything but a KubeconfigError for a user's file", () => {
    const cases: [string, () => unknown, RegExp][] = [
      ["missing file", () => loadConnection({ file: path.join(dir, "nope.yaml") }), /nope\.yaml does not exist/],
      ["unknown context", () => loadConnection({ file: main, context: "staging" }), /context "staging" is not in the kubeconfig \(contexts: dev, prod\)/],
      ["no current context", () => loadConnection({ file: write(dir, "none.yaml", config([])) }), /no current-context; pass --context/],
      ["not YAML", () => loadConnection({ file: write(dir, "bad.yaml", "a: [") }), /not valid YAML/],
      ["unreadable certificate", () => loadConnection({ file: write(dir, "cert.yaml", config([{ name: "x", cluster: "c", user: "u" }], { "current-context": "x", clusters: [{ name: "c", cluster: { server: "https://x" } }], users: [{ name: "u", user: { "client-certificate": "gone.crt" } }] })) }), /gone\.crt, named in kubeconfig .* cannot be read/],
    ];
    for (const [name, load, message] of cases) {
      let thrown: unknown;
      try {
        load();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, name).toBeInstanceOf(KubeconfigError);
      expect((thrown as Error).message, name).toMatch(message);
    }
  });
});
