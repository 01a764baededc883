import { compileProject } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { committedManifest } from "../plan/committed-manifest";
import { readManifest } from "../plan/manifest-view";
import { CHANGE_KINDS, planChanges, type ChangeKind } from "../plan/plan";
import { planText } from "../plan/plan-text";
import { UsageError, type CliIo } from "./args";
import { nowOption, parseVerbOptions } from "./options";
import { diagnosticsJson, jsonHead, progressReporter, reportDiagnostics } from "./report";

export const PLAN_USAGE = `Usage: airflow-ts plan [--against <git ref>] [--fail-on <kinds>] [options]

Says what merging this change does to the running Airflow: compiles the pipelines in memory and compares the
result with <outDir>/manifest.json as committed at the ref. Pipelines added or removed; tasks added, removed or
renamed (a rename loses the task's history); schedule, timezone, start, end and catchup changes with the runs they
create; image and resource changes per task; params whose defaults changed; Secrets, ConfigMaps, claims, service
accounts, pull Secrets, pools and namespaces the deploy must newly provide. Writes nothing.

Options:
  --against <git ref>    the commit to compare with (default: HEAD)
  --fail-on <kinds>      exit 2 when a change of these kinds is found: comma-separated, "all", or prefixes
                         ending in "*" ("task-*"); the kinds: ${CHANGE_KINDS.join(", ")}
  --now <date-time>      count runs and place the next run at this instant (default: now)
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
  --format text|json     Markdown text (reads well as a pull-request comment), or one JSON object on stdout
  -h, --help             show this help

Exit codes: 0 planned, 1 invalid pipelines or no manifest to compare with, 2 a --fail-on kind changed (or bad usage).`;

/** `airflow-ts plan`. */
export function runPlan(argv: readonly string[], io: CliIo): number {
  const options = parseVerbOptions(argv, io.cwd, { "--against": "value", "--fail-on": "value", "--now": "value" }, 0);
  if (options.help) {
    io.out(PLAN_USAGE);
    return 0;
  }
  const now = nowOption(options);
  const against = options.values.get("--against") ?? "HEAD";
  const failOn = failOnKinds(options.values.get("--fail-on"));
  const json = options.format === "json";
  const result = compileProject({ configFile: options.configFile, mode: "check", onStage: progressReporter(io, options.format) });
  const failure = (error: string, code: number) => {
    if (json) io.out(JSON.stringify({ ...jsonHead("plan", false), error, against, manifest: null, changes: null, failOn, failed: [], diagnostics: diagnosticsJson(result, options) }, null, 2));
    else io.err(`plan: ${error}`);
    return code;
  };
  if (hasErrors(result.diagnostics) || !result.project) {
    if (json) return failure("plan needs pipelines that compile", 1);
    reportDiagnostics(result, options, io);
    io.err("plan needs pipelines that compile");
    return 1;
  }
  const committed = committedManifest(result.project.outDir, against);
  if (committed.kind === "error") return failure(committed.message, committed.usage ? 2 : 1);
  const current = readManifest(result.files.find((f) => f.path === "manifest.json")!.body);
  if ("error" in current) throw new Error(`the compiled manifest cannot be read: ${current.error}`);
  const changes = planChanges(committed.view, current, now);
  const failed = [...new Set(changes.map((c) => c.kind).filter((k) => failOn.includes(k)))];
  if (json) {
    const report = { ...jsonHead("plan", true), error: null, against, manifest: committed.path, manifestAtRef: committed.kind === "found", now: now.toISOString(), changes, failOn, failed, diagnostics: diagnosticsJson(result, options) };
    io.out(JSON.stringify(report, null, 2));
  } else {
    if (result.diagnostics.length > 0) reportDiagnostics(result, options, io);
    io.out(planText(changes, against, committed.path, committed.kind === "absent"));
    if (failed.length > 0) io.err(`\nplan: changes of kind ${failed.join(", ")} (--fail-on)`);
  }
  return failed.length > 0 ? 2 : 0;
}

/** The kinds `--fail-on` names: exact kinds, "all", or prefixes ending in "*"; an unknown one is bad usage. */
function failOnKinds(text: string | undefined): ChangeKind[] {
  if (text === undefined) return [];
  const kinds = new Set<ChangeKind>();
  for (const word of text.split(",").map((w) => w.trim()).filter(Boolean)) {
    const matches = word === "all" ? CHANGE_KINDS : CHANGE_KINDS.filter((k) => (word.endsWith("*") ? k.startsWith(word.slice(0, -1)) : k === word));
    if (matches.length === 0) throw new UsageError(`--fail-on: no change is of kind "${word}"; the kinds: ${CHANGE_KINDS.join(", ")}`);
    for (const k of matches) kinds.add(k);
  }
  return CHANGE_KINDS.filter((k) => kinds.has(k));
}

