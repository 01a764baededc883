import * as path from "node:path";
import type { Finding } from "../preflight/check-cluster";
import { runPreflight } from "../preflight/preflight";
import type { Requirement } from "../preflight/requirements";
import type { CliIo } from "./args";
import { parseVerbOptions } from "./options";
import { diagnosticsJson, jsonHead, reportDiagnostics } from "./report";

export const PREFLIGHT_USAGE = `Usage: airflow-ts preflight [options]

Checks a live cluster against what the compiled pipelines need: namespaces, ServiceAccounts, Secrets and
ConfigMaps with the keys the tasks read, claims (bound), image pull Secrets, the Secrets the Helm values name,
and whether Airflow's pod-launching accounts may run task pods in each namespace (asked of the API server's
RBAC with SubjectAccessReviews). Prints what is missing with a command that creates it; exits 1 when anything is
missing or could not be checked. Reads Secrets to learn their key names only: values are never kept or printed.

Options:
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
                         (default: the first airflow-ts.config.ts in this folder or a parent)
  --env <name>           the deployment environment to check (default: the base values)
  --context <name>       the kubeconfig context (default: its current-context)
  --kubeconfig <file>    the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --format text|json     how the findings are printed (default: text)
  -h, --help             show this help

Exit codes: 0 everything present, 1 something missing or unchecked (or invalid pipelines), 2 bad usage.`;

/** `airflow-ts preflight`: the library checks, this prints. */
export async function runPreflightCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseVerbOptions(argv, io.cwd, { "--env": "value", "--context": "value", "--kubeconfig": "value" }, 0);
  if (args.help) {
    io.out(PREFLIGHT_USAGE);
    return 0;
  }
  const environment = args.values.get("--env");
  const context = args.values.get("--context");
  const kubeconfig = args.values.get("--kubeconfig");
  const result = await runPreflight({
    configFile: args.configFile,
    cwd: io.cwd,
    ...(environment !== undefined && { environment }),
    ...(context !== undefined && { context }),
    ...(kubeconfig !== undefined && { kubeconfig: path.resolve(io.cwd, kubeconfig) }),
  });
  if (result.kind === "invalid") {
    const message = "preflight needs pipelines that compile";
    if (args.format === "json") io.out(JSON.stringify(failureJson(message, diagnosticsJson(result.compile, args)), null, 2));
    else {
      reportDiagnostics(result.compile, args, io);
      io.err(message);
    }
    return 1;
  }
  if (result.kind === "cannot-check") {
    if (args.format === "json") io.out(JSON.stringify(failureJson(result.message, []), null, 2));
    else io.err(`preflight: ${result.message}`);
    return result.usage ? 2 : 1;
  }
  const problems = result.findings.filter((f) => f.status !== "ok");
  if (args.format === "json") {
    const report = { ...jsonHead("preflight", problems.length === 0), error: null, context: result.context, server: result.server, deployment: result.deployment ?? null, findings: result.findings.map(findingJson), diagnostics: [] };
    io.out(JSON.stringify(report, null, 2));
    return problems.length ? 1 : 0;
  }
  const d = result.deployment;
  io.out(`Preflight of context "${result.context}" (${result.server})${d ? ` for release ${d.release} in namespace ${d.namespace}${d.environment ? `, environment ${d.environment}` : ""}` : ""}\n`);
  for (const f of problems) {
    io.out(`${f.status.padEnd(9)} ${describe(f.requirement)} ${f.problem}`);
    io.out(`          used by ${usedBy(f.requirement.usedBy)}`);
    for (const line of f.fix) io.out(`          ${line}`);
  }
  const count = (s: Finding["status"]) => result.findings.filter((f) => f.status === s).length;
  io.out(`${problems.length ? "\n" : ""}${count("missing")} missing, ${count("unchecked")} unchecked, ${count("ok")} present`);
  return problems.length ? 1 : 0;
}

/** The JSON of a preflight that could not look at the cluster: why, and the compile's diagnostics if any. */
function failureJson(error: string, diagnostics: unknown[]) {
  return { ...jsonHead("preflight", false), error, context: null, server: null, deployment: null, findings: null, diagnostics };
}

const KIND_NAMES: Record<Requirement["kind"], string> = {
  namespace: "namespace",
  serviceAccount: "serviceaccount",
  secret: "secret",
  configMap: "configmap",
  claim: "persistentvolumeclaim",
  imagePullSecret: "image pull secret",
  podLaunching: "serviceaccount",
};

function describe(r: Requirement): string {
  if (r.kind === "namespace") return `namespace ${r.name}`;
  if (r.kind === "podLaunching") return `serviceaccount ${r.account.namespace}/${r.account.name}`;
  return `${KIND_NAMES[r.kind]} ${r.namespace}/${r.name}`;
}

function usedBy(users: readonly string[]): string {
  return users.length <= 3 ? users.join(", ") : `${users.slice(0, 3).join(", ")} and ${users.length - 3} more`;
}

function findingJson(f: Finding) {
  const r = f.requirement;
  return {
    status: f.status,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    ...(r.kind === "podLaunching" && { account: `${r.account.namespace}/${r.account.name}` }),
    ...((r.kind === "secret" || r.kind === "configMap") && { keys: r.keys, allKeys: r.allKeys }),
    usedBy: r.usedBy,
    ...(f.problem && { problem: f.problem }),
    fix: f.fix,
  };
}
