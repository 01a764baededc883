import type { Requirement } from "./requirements";

/** What the commands may need beyond the requirement: how the user installs the Helm release. */
export interface FixContext {
  /** The `helm upgrade --install ...` command of this deployment and environment. */
  readonly helmInstall?: string;
}

/** A word for a POSIX shell: as is when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const cmd = (...words: string[]) => words.map(shellWord).join(" ");

/**
 * Commands that create or grant what a requirement lacks. Values are placeholders (`<value>`): preflight never
 * knows them. Objects airflow-ts generates are created by applying their file, the Helm release's by installing it.
 */
export function fixCommands(r: Requirement, problem: string, context: FixContext = {}): string[] {
  if (r.emittedIn && problem === "does not exist") return [cmd("kubectl", "apply", "-f", r.emittedIn)];
  const ns = r.namespace ?? "default";
  switch (r.kind) {
    case "namespace":
      return [cmd("kubectl", "create", "namespace", r.name)];
    case "serviceAccount":
      return r.createdByChart && context.helmInstall ? [context.helmInstall] : [cmd("kubectl", "-n", ns, "create", "serviceaccount", r.name)];
    case "secret":
    case "configMap": {
      const absent = problem === "does not exist" ? r.keys : r.keys.filter((k) => problem.includes(JSON.stringify(k)));
      if (problem !== "does not exist") {
        // An object read whole (envFrom) that has no keys at all gets a placeholder key.
        const keys = absent.length ? absent : ["<KEY>"];
        const field = r.kind === "secret" ? "stringData" : "data";
        const patch = JSON.stringify({ [field]: Object.fromEntries(keys.map((k) => [k, "<value>"])) });
        return [`${cmd("kubectl", "-n", ns, "patch", r.kind === "secret" ? "secret" : "configmap", r.name, "--type=merge", "-p")} ${shellWord(patch)}`];
      }
      if (r.kind === "secret" && r.secretType === "tls") return [`${cmd("kubectl", "-n", ns, "create", "secret", "tls", r.name)} --cert=<certificate file> --key=<key file>`];
      if (r.kind === "secret" && r.secretType === "ssh") return [`${cmd("kubectl", "-n", ns, "create", "secret", "generic", r.name)} --from-file=gitSshKey=<private key file>`];
      const sources = [...r.keys.map((k) => `--from-literal=${shellWord(k)}=<value>`), ...(r.allKeys ? ["--from-env-file=<file of KEY=value lines>"] : [])];
      const create = r.kind === "secret" ? ["create", "secret", "generic"] : ["create", "configmap"];
      return [`${cmd("kubectl", "-n", ns, ...create, r.name)} ${sources.join(" ")}`.trimEnd()];
    }
    case "imagePullSecret":
      if (problem === "does not exist") return [`${cmd("kubectl", "-n", ns, "create", "secret", "docker-registry", r.name)} --docker-server=<registry> --docker-username=<user> --docker-password=<token>`];
      return [cmd("kubectl", "-n", ns, "delete", "secret", r.name), `${cmd("kubectl", "-n", ns, "create", "secret", "docker-registry", r.name)} --docker-server=<registry> --docker-username=<user> --docker-password=<token>`];
    case "claim":
      if (problem === "does not exist") return [`${cmd("kubectl", "-n", ns, "apply", "-f")} <a PersistentVolumeClaim named ${r.name}>`];
      return [cmd("kubectl", "-n", ns, "describe", "persistentvolumeclaim", r.name), "# bind it: create a matching PersistentVolume, or use a StorageClass that provisions one"];
    case "podLaunching":
      if (r.grantedBy.length) return [cmd("kubectl", "apply", ...r.grantedBy.flatMap((f) => ["-f", f]))];
      return context.helmInstall ? [context.helmInstall] : [];
  }
}
