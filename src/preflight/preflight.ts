import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { compileProject, VALUES_DIR, type CompileResult } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { clusterObjects } from "../model/cluster-objects";
import { buildDeployments, type DeploymentModel } from "../model/deployment";
import type { DeploymentOptions } from "../dsl/deployment";
import { checkCluster, type Finding } from "./check-cluster";
import { shellWord } from "./fix-commands";
import { kubeApi, UnreachableError } from "./kube-client";
import { KubeconfigError, loadConnection } from "./kubeconfig";
import { requirementsOf, type EmittedObject } from "./requirements";

export interface PreflightOptions {
  readonly configFile: string;
  /** The deployment's environment to check (its namespace, Secrets, database); the base values when absent. */
  readonly environment?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Where the user runs the command: file names in the fixes are relative to it. */
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export type PreflightResult =
  /** The pipelines do not compile: nothing to check against. */
  | { readonly kind: "invalid"; readonly compile: CompileResult }
  /** A request the user can correct (unknown environment, unusable kubeconfig, unreachable server). */
  | { readonly kind: "cannot-check"; readonly message: string; readonly usage: boolean }
  | {
      readonly kind: "checked";
      readonly compile: CompileResult;
      readonly context: string;
      readonly server: string;
      readonly deployment?: { readonly environment: string | null; readonly release: string; readonly namespace: string };
      readonly findings: readonly Finding[];
    };

/**
 * Compiles the project in memory (nothing is written) and checks the cluster of the kubeconfig's context
 * against what the compiled pipelines and the chosen environment of the deployment need.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const compile = compileProject({ configFile: options.configFile, mode: "check" });
  if (!compile.project || hasErrors(compile.diagnostics)) return { kind: "invalid", compile };
  const project = compile.project;
  const settings = project.config.deployment as DeploymentOptions | undefined;
  const deployments = settings ? buildDeployments(settings, compile.pipelines, project.root, project.outDir) : [];
  const environments = deployments.map((d) => d.environment).filter((e): e is string => e !== null);
  let deployment: DeploymentModel | undefined = deployments[0];
  if (options.environment !== undefined) {
    deployment = deployments.find((d) => d.environment === options.environment);
    if (!deployment) {
      const known = environments.length ? `its environments are ${environments.join(", ")}` : "it has no environments";
      return { kind: "cannot-check", usage: true, message: settings ? `the deployment has no environment "${options.environment}": ${known}` : `--env ${options.environment}: the project has no deployment` };
    }
  }

  let connection;
  try {
    connection = loadConnection({ file: options.kubeconfig, context: options.context, env: options.env });
  } catch (e) {
    if (e instanceof KubeconfigError) return { kind: "cannot-check", usage: false, message: e.message };
    throw e;
  }
  const fallbackNamespace = deployment?.namespace ?? connection.namespace ?? "default";
  const objects = clusterObjects(compile.pipelines, fallbackNamespace);
  const display = (file: string) => path.relative(options.cwd, file).split(path.sep).join("/") || ".";
  const emitted = emittedObjects(compile, (f) => display(path.join(project.outDir, f)));
  const requirements = requirementsOf(compile.pipelines, objects, deployment, emitted, fallbackNamespace);
  const helmInstall = deployment && helmInstallCommand(deployment, display(path.join(project.root, VALUES_DIR)));

  const api = kubeApi(connection);
  try {
    const findings = await checkCluster(api, requirements, { ...(helmInstall && { helmInstall }) });
    return {
      kind: "checked",
      compile,
      context: connection.context,
      server: connection.server,
      ...(deployment && { deployment: { environment: deployment.environment, release: deployment.release, namespace: deployment.namespace } }),
      findings,
    };
  } catch (e) {
    if (e instanceof UnreachableError) return { kind: "cannot-check", usage: false, message: e.message };
    throw e;
  } finally {
    api.close();
  }
}

/** The objects the compile writes under <outDir>/k8s/, read back from the rendered files. */
function emittedObjects(compile: CompileResult, display: (file: string) => string): EmittedObject[] {
  const out: EmittedObject[] = [];
  for (const file of compile.files.filter((f) => f.path.startsWith("k8s/"))) {
    for (const doc of parseAllDocuments(file.body)) {
      const object = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (!object?.kind || !object.metadata?.name) continue;
      out.push({ kind: object.kind, namespace: object.metadata.namespace ?? null, name: object.metadata.name, file: display(file.path) });
    }
  }
  return out;
}

function helmInstallCommand(d: DeploymentModel, valuesDir: string): string {
  const files = ["values.yaml", ...(d.environment ? [`values-${d.environment}.yaml`] : [])].flatMap((f) => ["-f", `${valuesDir}/${f}`]);
  return ["helm", "upgrade", "--install", d.release, "apache-airflow/airflow", "--version", "1.19.0", "-n", d.namespace, ...files].map(shellWord).join(" ");
}
