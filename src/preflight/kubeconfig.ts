import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

/** How to reach one cluster and who to be there: what a kubeconfig context resolves to. */
export interface ClusterConnection {
  readonly context: string;
  readonly server: string;
  readonly ca?: Buffer;
  readonly insecureSkipTlsVerify: boolean;
  readonly token?: string;
  readonly clientCert?: Buffer;
  readonly clientKey?: Buffer;
  /** The context's namespace, if it names one. */
  readonly namespace?: string;
}

/** A kubeconfig that cannot be used; `message` says which file and field. */
export class KubeconfigError extends Error {}

/**
 * The connection of `context` (default: the file's current-context) in the kubeconfig at `file`, or in
 * $KUBECONFIG (a path list, merged as kubectl merges it: the first file to define a name wins), or ~/.kube/config.
 * Supports what kubectl's common setups use: token, tokenFile, client certificates (files or data), the CA,
 * insecure-skip-tls-verify and exec credential plugins (EKS, GKE, AKS), whose token is asked for once.
 */
export function loadConnection(options: { file?: string; context?: string; env?: NodeJS.ProcessEnv }): ClusterConnection {
  const env = options.env ?? process.env;
  const files = options.file ? [options.file] : env.KUBECONFIG ? env.KUBECONFIG.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), ".kube", "config")];
  const clusters = new Map<string, { file: string; value: Record<string, unknown> }>();
  const users = new Map<string, { file: string; value: Record<string, unknown> }>();
  const contexts = new Map<string, { file: string; value: Record<string, unknown> }>();
  let current: string | undefined;
  let readAny = false;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      if (options.file) throw new KubeconfigError(`kubeconfig ${file} does not exist`);
      continue;
    }
    readAny = true;
    let doc: Record<string, unknown>;
    try {
      doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new KubeconfigError(`kubeconfig ${file} is not valid YAML: ${(e as Error).message}`);
    }
    current ??= typeof doc["current-context"] === "string" && doc["current-context"] ? doc["current-context"] : undefined;
    for (const [list, map, field] of [["clusters", clusters, "cluster"], ["users", users, "user"], ["contexts", contexts, "context"]] as const) {
      for (const entry of (doc[list] ?? []) as Record<string, unknown>[]) {
        if (entry && typeof entry.name === "string" && !map.has(entry.name)) map.set(entry.name, { file, value: (entry[field] ?? {}) as Record<string, unknown> });
      }
    }
  }
  if (!readAny) throw new KubeconfigError(`no kubeconfig found (looked at ${files.join(", ")}); pass --kubeconfig <file>`);
  const name = options.context ?? current;
  if (!name) throw new KubeconfigError("the kubeconfig has no current-context; pass --context <name>");
  const context = contexts.get(name);
  if (!context) throw new KubeconfigError(`context "${name}" is not in the kubeconfig (contexts: ${[...contexts.keys()].sort().join(", ") || "none"})`);
  const clusterName = String(context.value.cluster ?? "");
  const cluster = clusters.get(clusterName);
  if (!cluster) throw new KubeconfigError(`context "${name}" names cluster "${clusterName}", which is not in the kubeconfig`);
  const userName = context.value.user === undefined ? undefined : String(context.value.user);
  const user = userName === undefined ? { file: cluster.file, value: {} } : users.get(userName);
  if (!user) throw new KubeconfigError(`context "${name}" names user "${userName}", which is not in the kubeconfig`);

  const c = cluster.value;
  const u = user.value;
  const server = String(c.server ?? "");
  if (!/^https?:\/\//.test(server)) throw new KubeconfigError(`cluster "${clusterName}" has no https server address`);
  const ca = bytes(c, "certificate-authority", cluster.file);
  const token = typeof u.token === "string" ? u.token : u.tokenFile ? readRelative(String(u.tokenFile), user.file).toString("utf8").trim() : u.exec ? execToken(u.exec as ExecConfig, server) : undefined;
  if (u["auth-provider"]) throw new KubeconfigError(`user "${userName}" uses an auth-provider, which kubectl itself no longer supports; use an exec plugin or a token`);
  const clientCert = bytes(u, "client-certificate", user.file);
  const clientKey = bytes(u, "client-key", user.file);
  return {
    context: name,
    server: server.replace(/\/+$/, ""),
    ...(ca && { ca }),
    insecureSkipTlsVerify: c["insecure-skip-tls-verify"] === true,
    ...(token && { token }),
    ...(clientCert && { clientCert }),
    ...(clientKey && { clientKey }),
    ...(typeof context.value.namespace === "string" && { namespace: context.value.namespace }),
  };
}

/** `<field>-data` (base64) or `<field>` (a path, relative to the kubeconfig's folder). */
function bytes(section: Record<string, unknown>, field: string, file: string): Buffer | undefined {
  const data = section[`${field}-data`];
  if (typeof data === "string" && data) return Buffer.from(data, "base64");
  const ref = section[field];
  return typeof ref === "string" && ref ? readRelative(ref, file) : undefined;
}

function readRelative(ref: string, file: string): Buffer {
  const full = path.resolve(path.dirname(file), ref.replace(/^~(?=\/)/, os.homedir()));
  try {
    return fs.readFileSync(full);
  } catch {
    throw new KubeconfigError(`${full}, named in kubeconfig ${file}, cannot be read`);
  }
}

interface ExecConfig {
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
}

/** Runs an exec credential plugin (client.authentication.k8s.io) and returns the bearer token it prints. */
function execToken(exec: ExecConfig, server: string): string {
  if (!exec.command) throw new KubeconfigError("the kubeconfig's exec credential plugin has no command");
  const env = { ...process.env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: exec.apiVersion, kind: "ExecCredential", spec: { interactive: false, cluster: { server } } });
  let out: string;
  try {
    out = execFileSync(exec.command, exec.args ?? [], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch (e) {
    throw new KubeconfigError(`the exec credential plugin "${exec.command}" failed: ${(e as Error).message}`);
  }
  const token = (JSON.parse(out) as { status?: { token?: string } }).status?.token;
  if (!token) throw new KubeconfigError(`the exec credential plugin "${exec.command}" printed no status.token (client certificates from plugins are not supported)`);
  return token;
}
