import { compileProject, type CompileResult } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { formatLocal } from "../knowledge/dates";
import type { MappingModel, Pipeline } from "../model/pipeline";
import { nextRun } from "../plan/runs";
import { scheduleText } from "../model/schedule-text";
import { branchCasesText, branchSubject } from "../model/branch-text";
import type { CliIo } from "./args";
import { nowOption, parseVerbOptions } from "./options";
import { diagnosticsJson, jsonHead, progressReporter, reportDiagnostics } from "./report";
import { columns } from "./table";

export const LS_USAGE = `Usage: airflow-ts ls [--tasks] [options]

Lists the pipelines: DAG id, schedule, next run (in the pipeline's timezone), number of tasks and where each is
defined. With --tasks, each pipeline's tasks follow it: task id, kind, image, and the tasks it runs after.
Compiles in memory; writes nothing.

Options:
  --tasks                list the tasks of each pipeline too
  --now <date-time>      read the schedules at this instant, e.g. 2026-05-01T12:00:00Z (default: now)
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
  --format text|json     text, or one JSON object on stdout (docs/cli.md gives its shape)
  -h, --help             show this help`;

type Task = Pipeline["tasks"][number];

/** `airflow-ts ls`. */
export function runLs(argv: readonly string[], io: CliIo): number {
  const options = parseVerbOptions(argv, io.cwd, { "--tasks": "switch", "--now": "value" }, 0);
  if (options.help) {
    io.out(LS_USAGE);
    return 0;
  }
  const now = nowOption(options);
  const withTasks = options.switches.has("--tasks");
  const result = compileProject({ configFile: options.configFile, mode: "check", onStage: progressReporter(io, options.format) });
  const failed = hasErrors(result.diagnostics);
  if (options.format === "json") {
    io.out(JSON.stringify(lsJson(result, options, now, withTasks), null, 2));
    return failed ? 1 : 0;
  }
  if (reportDiagnostics(result, options, io)) return 1;
  io.out(lsText(result.pipelines, now, withTasks).join("\n"));
  return 0;
}

function lsJson(result: CompileResult, options: { configFile: string }, now: Date, withTasks: boolean) {
  return {
    ...jsonHead("ls", !hasErrors(result.diagnostics)),
    now: now.toISOString(),
    pipelines: result.pipelines.map((p) => {
      const next = nextRun(p, now);
      return {
        dagId: p.dagId,
        source: `${p.sourceFile}:${p.sourceLine}`,
        schedule: scheduleText(p.schedule, p.timezone),
        timezone: p.timezone,
        nextRun: next ? formatLocal(next) : null,
        taskCount: p.tasks.length,
        ...(withTasks && { tasks: p.tasks.map((t) => ({ ...taskCommon(t), ...lsDetails(t) })) }),
      };
    }),
    diagnostics: diagnosticsJson(result, options),
  };
}

function lsText(pipelines: readonly Pipeline[], now: Date, withTasks: boolean): string[] {
  if (pipelines.length === 0) return ["no pipelines"];
  const header = ["PIPELINE", "SCHEDULE", "NEXT RUN", "TASKS", "SOURCE"];
  const rows = pipelines.map((p) => {
    const next = nextRun(p, now);
    return [p.dagId, scheduleText(p.schedule, p.timezone), next ? `${formatLocal(next).replace("T", " ").slice(0, 16)} ${p.timezone}` : "-", String(p.tasks.length), `${p.sourceFile}:${p.sourceLine}`];
  });
  const lines = columns([header, ...rows]);
  if (!withTasks) return lines;
  // Each pipeline's row, then its tasks, indented, in their own columns.
  return [lines[0]!, ...pipelines.flatMap((p, i) => [lines[i + 1]!, ...columns(p.tasks.map(taskRow), "    ")])];
}

function taskRow(t: Task): string[] {
  const d = lsDetails(t);
  return [t.taskId, t.kind, d.image ?? `${d.decides}: ${d.cases}`, t.upstream.length ? `after ${t.upstream.join(", ")}` : "", t.mapping ? mappingText(t.mapping) : ""];
}

/** What every task kind has. */
function taskCommon(t: Task) {
  return {
    taskId: t.taskId,
    kind: t.kind,
    group: t.group ?? null,
    upstream: t.upstream,
    mapped: t.mapping ? { over: t.mapping.kind === "static" ? "list" : `result of ${t.mapping.sourceTaskId}`, maxParallel: t.mapping.maxParallel ?? null } : null,
    source: `${t.sourceFile}:${t.sourceLine}`,
  };
}

/** The kind-specific columns of `ls`: one case per task kind (TypeScript points here when a kind is added). */
function lsDetails(t: Task): { image: string; decides?: never; cases?: never } | { image?: never; decides: string; cases: string } {
  switch (t.kind) {
    case "pod":
    case "spark":
      return { image: t.image };
    case "branch":
      return { decides: branchSubject(t), cases: branchCasesText(t) };
    // No image: the column says what the task waits for or starts.
    case "wait":
      return { image: t.waitsFor.kind === "pipeline" ? `(waits for ${t.waitsFor.dagId}${t.waitsFor.taskId === undefined ? "" : `.${t.waitsFor.taskId}`})` : "(waits)" };
    case "trigger":
      return { image: `(triggers ${t.targetDagId})` };
    default: {
      const unknown: never = t;
      return unknown;
    }
  }
}

function mappingText(m: MappingModel): string {
  const over = m.kind === "static" ? `${m.argsPerItem.length} items` : `result of ${m.sourceTaskId}`;
  return `mapped over ${over}${m.maxParallel !== undefined ? `, max ${m.maxParallel} at once` : ""}`;
}
