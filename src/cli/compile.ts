import { compileProject } from "../compile-project";
import { COMMON_OPTIONS, type CliArgs, type CliIo, type Command } from "./args";
import { displayPath, reportDiagnostics } from "./report";

export const runCompile: Command = Object.assign(
  (args: CliArgs, io: CliIo): number => {
    const started = performance.now();
    const result = compileProject({ configFile: args.configFile, mode: "write" });
    if (reportDiagnostics(result, args, io)) return 1;
    const changes = result.changes!;
    for (const file of changes.created) io.out(`created   ${displayPath(result, io, file)}`);
    for (const file of changes.updated) io.out(`updated   ${displayPath(result, io, file)}`);
    for (const file of changes.unchanged) io.out(`unchanged ${displayPath(result, io, file)}`);
    for (const file of changes.deleted) io.out(`deleted   ${displayPath(result, io, file)}`);
    const ms = Math.round(performance.now() - started);
    io.out(`compiled ${result.pipelines.length} pipeline${result.pipelines.length === 1 ? "" : "s"} in ${ms} ms`);
    return 0;
  },
  {
    usage: `Usage: airflow-ts compile [options]

Type-checks every pipeline as one TypeScript program, validates them, and writes one Airflow DAG file per
pipeline to <outDir>/dags/, <outDir>/manifest.json, and, for a deployment in the config, Helm values in
airflow-helm-values/ and Kubernetes objects in <outDir>/k8s/. Files whose bytes did not change are not
rewritten; generated files nothing produces any more are deleted; nothing is written when anything is invalid.

${COMMON_OPTIONS}`,
  },
);
