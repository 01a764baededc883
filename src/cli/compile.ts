import { compileProject } from "../compile-project";
import { MASS_DELETION_MIN } from "../emit/output-guards";
import { COMMON_OPTIONS, type CliArgs, type CliIo, type Command } from "./args";
import { displayPath, progressReporter, reportDiagnostics, reportJson } from "./report";

export const runCompile: Command = Object.assign(
  (args: CliArgs, io: CliIo): number => {
    const started = performance.now();
    const result = compileProject({ configFile: args.configFile, mode: "write", allowDeletions: args.allowDeletions, onStage: progressReporter(io, args.format), cache: !args.noCache });
    if (args.format === "json") {
      reportJson("compile", result, args, io);
      return result.written ? 0 : 1;
    }
    if (reportDiagnostics(result, args, io)) return 1;
    const changes = result.changes!;
    const show = (label: string, files: readonly string[], note = "") => {
      for (const file of files) io.out(`${label.padEnd(10)}${displayPath(result, io, file)}${note}`);
    };
    show("removed", changes.tempFiles, "  (temp file of an interrupted compile)");
    show("created", changes.created);
    show("updated", changes.updated);
    show("replaced", changes.handEdited, "  (it had been edited by hand)");
    show("unchanged", changes.unchanged);
    show("deleted", changes.deleted, "  (no pipeline produces it any more)");
    const ms = Math.round(performance.now() - started);
    io.out(`compiled ${result.pipelines.length} pipeline${result.pipelines.length === 1 ? "" : "s"} in ${ms} ms`);
    return 0;
  },
  {
    usage: `Usage: airflow-ts compile [options]

Type-checks every pipeline as one TypeScript program, validates them, and writes one Airflow DAG file per
pipeline to <outDir>/dags/, <outDir>/manifest.json, and, for a deployment in the config, Helm values in
airflow-helm-values/ and Kubernetes objects in <outDir>/k8s/. Files whose bytes did not change are not
rewritten; generated files nothing produces any more are deleted, each one printed; nothing is written when
anything is invalid. A file at an output path that airflow-ts did not write is an error, never overwritten.

${COMMON_OPTIONS}
  --allow-deletions      let this compile delete every generated DAG file, or more than half of them
                         (and at least ${MASS_DELETION_MIN}); without it such a compile writes and deletes nothing`,
  },
);
