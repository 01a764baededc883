import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import type { PipelineInput } from "../tasks";
import { formatPath, type FieldPath, type Locate } from "../diagnostics/source-location";
import type { LoadedPipeline } from "../load/run-pipelines";
import { checkGraph, type TargetedIssue } from "./checks/graph";
import { checkGroups } from "./checks/groups";
import { checkBranchJoins } from "./checks/branch-joins";
import { checkBranchTargets } from "./checks/branch-targets";
import { checkItemUse, checkMapping } from "./checks/mapping";
import { templatedStrings } from "../tasks/container/templated-fields";
import { checkAffinity } from "../tasks/container/affinity";
import { checkResources } from "../tasks/container/checks";
import { kindOf, type ValidPipeline, type ValidTaskInput } from "../tasks";
import type { ValidPipelineOptions } from "../tasks/shared/validated";
import { checkTemplates, templateScope } from "./checks/templates";
import { ALL_LINES, type AirflowLine } from "../knowledge/airflow-lines";
import { checkOwners } from "./checks/owners";
import { checkAlerts } from "./checks/alerts";
import { checkParams } from "./checks/params";
import { checkSchedule } from "./checks/schedule";
import { checkAssets } from "./checks/assets";
import { checkProjectAssets } from "./checks/asset-graph";
import { checkPipelineStrings } from "./checks/strings";
import { fromZodIssues, parseReported, type Issue, type IssueTarget } from "../diagnostics/issue";
import { compareLocal } from "../knowledge/dates";
import { knownKeysAt } from "../tasks/shared/schema-parts";
import { airflowId, pipelineSchema } from "./schemas/pipeline";

/** What validation returns: the validated pipelines, and every problem found. */
export interface ValidationResult {
  /**
   * The pipelines that passed, as their schemas return them (durations in seconds, dates parsed, each task's
   * options by its kind's schema): what the model is built from, when `diagnostics` hold no error.
   */
  readonly value: readonly ValidPipeline[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Every check over every pipeline, all problems collected: structure and formats (zod schemas), then the
 * graph, resources, mounts and the project-wide uniqueness of DAG ids. Returns the validated pipelines, and
 * diagnostics with file, line, field path and hint; no error means the pipelines can be modelled and rendered.
 */
export function validateProject(pipelines: readonly LoadedPipeline[], locate: Locate, lines: readonly AirflowLine[] = ALL_LINES, airflowVersion?: string): ValidationResult {
  // For kinds that name another pipeline (waits, triggers): the project's pipelines by DAG id, first one wins.
  const project = new Map<string, PipelineInput>();
  for (const p of pipelines) if (!project.has(String(p.input.options.id))) project.set(String(p.input.options.id), p.input);
  const results = pipelines.map((p) => validatePipeline(p, locate, lines, project, airflowVersion));
  const assetDiagnostics = checkProjectAssets(pipelines).map(({ pipeline, target, issue }) =>
    toDiagnostic({ ...issue, target }, pipelines[pipeline]!.input, pipelines[pipeline]!.file, locate),
  );
  return {
    value: results.flatMap((r) => (r.value ? [r.value] : [])),
    diagnostics: [...results.flatMap((r) => r.diagnostics), ...checkUniqueDagIds(pipelines), ...assetDiagnostics],
  };
}

function validatePipeline({ input, file }: LoadedPipeline, locate: Locate, lines: readonly AirflowLine[], project: ReadonlyMap<string, PipelineInput>, airflowVersion?: string): { value?: ValidPipeline; diagnostics: Diagnostic[] } {
  const issues: TargetedIssue[] = [];
  const on = (target: IssueTarget, found: readonly Issue[], argument?: number) =>
    issues.push(...found.map((issue) => ({ ...issue, target, ...(argument !== undefined && { argument }) })));
  const pipelineTarget: IssueTarget = { kind: "pipeline" };

  const options = parseReported(pipelineSchema, input.options);
  if (!options.success) on(pipelineTarget, fromZodIssues(options.error.issues, (path) => knownKeysAt(pipelineSchema, path)));
  else on(pipelineTarget, checkPipelineOptions(input, options.data));
  on(pipelineTarget, checkSchedule(input.options, lines));
  for (const { target, issue } of checkAssets(input, lines, airflowVersion)) on(target, [issue]);
  const schedule = input.options.schedule;
  if (schedule?.kind === "assets" && schedule.orCron) {
    on(pipelineTarget, checkSchedule({ ...input.options, schedule: schedule.orCron }, lines).map((i) => ({ ...i, field: ["schedule", "orCron", ...i.field.slice(1)] })));
  }
  const scope = templateScope(input, lines);
  if (input.options.defaults) on(pipelineTarget, checkTemplates(templatedStrings(input.options.defaults).map(([path, text]) => [["defaults", ...path], text]), scope));

  const validTasks: ValidTaskInput[] = [];
  input.tasks.forEach((task, index) => {
    const target: IssueTarget = { kind: "task", index };
    const id = parseReported(airflowId("task"), task.localId ?? task.id);
    if (!id.success) on(target, fromZodIssues(id.error.issues, () => []), 0);
    on(target, checkItemUse(task));
    on(target, checkMapping(input, task), 1);
    // Items of a list written in the pipeline are pasted into args, which Airflow renders: they are templates too.
    if (task.mapping?.over.kind === "static") on(target, checkTemplates(staticItemStrings(task.mapping.over.items), scope), 1);
    const kind = kindOf(task);
    const parsed = parseReported(kind.schema, task.options);
    if (!parsed.success) {
      on(target, fromZodIssues(parsed.error.issues, (path) => knownKeysAt(kind.schema, path)));
      return;
    }
    validTasks.push({ ...task, options: parsed.data } as ValidTaskInput);
    on(target, kind.check(task, { pipeline: input.options, project }));
    on(target, checkTemplates(kind.templatedStrings(task.options), scope));
  });
  issues.push(...checkPipelineStrings(input));
  issues.push(...checkAlerts(input, scope, airflowVersion));
  issues.push(...checkGroups(input));
  issues.push(...checkOwners(input));
  issues.push(...checkGraph(input));
  issues.push(...checkBranchJoins(input));
  issues.push(...checkBranchTargets(input));
  const diagnostics = issues.map((issue) => toDiagnostic(issue, input, file, locate));
  const valid = options.success && validTasks.length === input.tasks.length && !hasErrors(diagnostics);
  if (!valid) return { diagnostics };
  const { tasks: _, options: __, ...rest } = input;
  return { value: { ...rest, file, options: options.data, tasks: validTasks }, diagnostics };
}

function staticItemStrings(items: readonly unknown[]): [FieldPath, string][] {
  return items.flatMap((item, i): [FieldPath, string][] =>
    typeof item === "object" && item !== null ? Object.entries(item).map(([k, v]): [FieldPath, string] => [["over", i, k], String(v)]) : [[["over", i], String(item)]],
  );
}

function checkPipelineOptions(input: PipelineInput, valid: ValidPipelineOptions): Issue[] {
  const { options } = input;
  const issues: Issue[] = [];
  const { start, end } = valid;
  if (end && compareLocal(start, end) > 0) {
    issues.push({ code: "start-after-end", field: ["end"], message: `end ${options.end} is before start ${options.start}`, hint: "the pipeline would never run: move end after start" });
  }
  if (options.schedule.kind === "preset" && options.schedule.preset === "@continuous" && options.maxActiveRuns !== 1) {
    issues.push({ code: "continuous-needs-one-run", field: ["schedule"], message: "a continuous schedule needs maxActiveRuns: 1", hint: "Airflow refuses continuous DAGs with more than one active run" });
  }
  issues.push(...checkResources(options.defaults?.resources, ["defaults", "resources"]));
  issues.push(...checkAffinity(options.defaults?.affinity, ["defaults", "affinity"]));
  issues.push(...checkParams(input));
  return issues;
}

function checkUniqueDagIds(pipelines: readonly LoadedPipeline[]): Diagnostic[] {
  const seen = new Map<string, LoadedPipeline>();
  const diagnostics: Diagnostic[] = [];
  for (const pipeline of pipelines) {
    const id = pipeline.input.options.id;
    if (typeof id !== "string") continue;
    // Case-insensitively: the id names the generated file, and macOS and Windows file systems ignore case.
    const first = seen.get(id.toLowerCase());
    if (first) {
      const where = first.input.location ? `${first.file}:${first.input.location.line}` : first.file;
      diagnostics.push(
        error("duplicate-dag-id", `DAG id "${id}" is also defined at ${where}`, {
          ...(pipeline.input.location && { location: pipeline.input.location }),
          path: `${id}.id`,
          hint: "DAG ids are unique across the project (ids differing only in case count as the same: they name the files)",
        }),
      );
    } else seen.set(id.toLowerCase(), pipeline);
  }
  return diagnostics;
}

function toDiagnostic(issue: TargetedIssue, input: PipelineInput, file: string, locate: Locate): Diagnostic {
  const dagId = String(input.options.id);
  const { call, argument, prefix } = anchor(issue, input);
  const location = call ? locate(call, issue.argument ?? argument, issue.field) : { file, line: 1, column: 1 };
  return {
    code: issue.code,
    severity: issue.severity ?? "error",
    message: issue.message,
    location,
    path: formatPath([dagId, ...prefix, ...issue.field]),
    ...(issue.hint && { hint: issue.hint }),
  };
}

/** Which call a target's fields were written in, which argument holds them, and its display path. */
function anchor(issue: TargetedIssue, input: PipelineInput): { call: PipelineInput["location"]; argument: number; prefix: FieldPath } {
  const { target } = issue;
  if (target.kind === "pipeline") return { call: input.location, argument: 0, prefix: [] };
  if (target.kind === "task") {
    const task = input.tasks[target.index]!;
    // A mapped task's options are the value its third argument, `(item) => ({...})`, returns.
    return { call: task.location, argument: task.mapping ? 2 : 1, prefix: ["tasks", task.id] };
  }
  if (target.kind === "group") {
    const group = input.groups[target.index]!;
    return { call: group.location, argument: 0, prefix: ["groups", group.id] };
  }
  const dep = input.dependencies[target.index]!;
  return { call: dep.location, argument: dep.index, prefix: ["tasks", dep.declaredOn, `${dep.via}[${dep.index}]`] };
}
