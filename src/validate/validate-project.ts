import type { z } from "zod";
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
import { checkLocalTimes } from "./checks/local-times";
import { checkSchedule } from "./checks/schedule";
import { checkAssets } from "./checks/assets";
import { checkProjectAssets } from "./checks/asset-graph";
import { factsAnchor, pipelineFacts, projectView, type Anchor, type PipelineFacts } from "./project-facts";
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
  const results = pipelines.map((p) => validatePipeline(p, locate, lines, airflowVersion));
  const project = results.map((validation, i) => ({ validation, params: paramsOf(pipelines[i]!.input) }));
  return {
    value: results.flatMap((r) => (r.value ? [r.value] : [])),
    diagnostics: [...results.flatMap((r) => r.diagnostics), ...checkAcrossPipelines(project, locate)],
  };
}

/** A pipeline's params schema fields, read from the pipeline in memory. */
export function paramsOf(input: PipelineInput): () => Readonly<Record<string, z.ZodType>> | undefined {
  return () => input.options.params?.shape as Readonly<Record<string, z.ZodType>> | undefined;
}

/**
 * One pipeline validated on its own: everything but the checks across pipelines. What it returns depends on the
 * pipeline, the Airflow lines and the files `locate` reads alone, so the per-pipeline cache (src/cache) may keep it.
 */
export interface PipelineValidation {
  readonly file: string;
  /** The id as written (for the checks across pipelines, which run on invalid pipelines' ids too). */
  readonly id: unknown;
  readonly location?: PipelineInput["location"];
  readonly value?: ValidPipeline;
  readonly diagnostics: Diagnostic[];
  /** What the checks across pipelines read of it, as plain data (src/validate/project-facts.ts). */
  readonly facts: PipelineFacts;
}

/** A pipeline's validation in the project pass, with its params schema (asked only by a trigger that names it). */
export interface ProjectMember {
  readonly validation: PipelineValidation;
  readonly params: () => Readonly<Record<string, z.ZodType>> | undefined;
}

/**
 * The checks across pipelines, over every pipeline's own validation in project order (fresh or from the
 * per-pipeline cache: they always run, so a change in one pipeline is checked against the others): DAG ids unique,
 * each task kind's check across the project (waits, triggers), and the assets between pipelines.
 */
export function checkAcrossPipelines(members: readonly ProjectMember[], locate: Locate): Diagnostic[] {
  const results = members.map((m) => m.validation);
  const project = projectView(members);
  const taskDiagnostics = results.flatMap(({ facts, file }) =>
    facts.acrossProject.flatMap(({ index, task }) => {
      const kind = kindOf(task);
      const issues = kind.checkAcrossProject?.(task, { pipeline: facts.options, project }) ?? [];
      return issues.map((issue) => locateIssue({ ...issue, target: { kind: "task", index } }, facts, file, locate));
    }),
  );
  const assetDiagnostics = checkProjectAssets(results.map((r) => ({ dagId: String(r.facts.options.id), uses: r.facts.assetUses }))).map(({ pipeline, target, issue }) =>
    locateIssue({ ...issue, target }, results[pipeline]!.facts, results[pipeline]!.file, locate),
  );
  return [...checkUniqueDagIds(results), ...taskDiagnostics, ...assetDiagnostics];
}

/**
 * `airflowVersion`, the deployment's, refuses what a minor version lacks (deadlines before 3.1, partitioned assets
 * before 3.2); the per-pipeline cache keys its entries by the deployment config, which holds it.
 */
export function validatePipeline({ input, file }: LoadedPipeline, locate: Locate, lines: readonly AirflowLine[], airflowVersion?: string): PipelineValidation {
  const identity = { file, id: input.options.id, ...(input.location && { location: input.location }) };
  const { facts, ...own } = validatePipelineAlone(input, file, locate, lines, airflowVersion);
  return { ...identity, ...own, facts };
}

function validatePipelineAlone(input: PipelineInput, file: string, locate: Locate, lines: readonly AirflowLine[], airflowVersion?: string): { value?: ValidPipeline; diagnostics: Diagnostic[]; facts: PipelineFacts } {
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
  // The tasks whose kind checks them across the project, once their schema accepted them (as `check` is).
  const acrossProject: number[] = [];
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
    on(target, kind.check(task, { pipeline: input.options }));
    if (kind.checkAcrossProject) acrossProject.push(index);
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
  const facts = pipelineFacts(input, acrossProject);
  const valid = options.success && validTasks.length === input.tasks.length && !hasErrors(diagnostics);
  if (!valid) return { diagnostics, facts };
  const { tasks: _, options: __, ...rest } = input;
  return { value: { ...rest, file, options: options.data, tasks: validTasks }, diagnostics, facts };
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
  issues.push(...checkLocalTimes(valid, valid.timezone ?? "UTC"));
  if (options.schedule.kind === "preset" && options.schedule.preset === "@continuous" && options.maxActiveRuns !== 1) {
    issues.push({ code: "continuous-needs-one-run", field: ["schedule"], message: "a continuous schedule needs maxActiveRuns: 1", hint: "Airflow refuses continuous DAGs with more than one active run" });
  }
  issues.push(...checkResources(options.defaults?.resources, ["defaults", "resources"]));
  issues.push(...checkAffinity(options.defaults?.affinity, ["defaults", "affinity"]));
  issues.push(...checkParams(input));
  return issues;
}

function checkUniqueDagIds(pipelines: readonly PipelineValidation[]): Diagnostic[] {
  const seen = new Map<string, PipelineValidation>();
  const diagnostics: Diagnostic[] = [];
  for (const pipeline of pipelines) {
    const id = pipeline.id;
    if (typeof id !== "string") continue;
    // Case-insensitively: the id names the generated file, and macOS and Windows file systems ignore case.
    const first = seen.get(id.toLowerCase());
    if (first) {
      const where = first.location ? `${first.file}:${first.location.line}` : first.file;
      diagnostics.push(
        error("duplicate-dag-id", `DAG id "${id}" is also defined at ${where}`, {
          ...(pipeline.location && { location: pipeline.location }),
          path: `${id}.id`,
          hint: "DAG ids are unique across the project (ids differing only in case count as the same: they name the files)",
        }),
      );
    } else seen.set(id.toLowerCase(), pipeline);
  }
  return diagnostics;
}

function toDiagnostic(issue: TargetedIssue, input: PipelineInput, file: string, locate: Locate): Diagnostic {
  return located(issue, String(input.options.id), anchor(issue, input), file, locate);
}

/** An issue of the project pass, located through the pipeline's facts (the same place toDiagnostic gives). */
function locateIssue(issue: TargetedIssue, facts: PipelineFacts, file: string, locate: Locate): Diagnostic {
  return located(issue, String(facts.options.id), factsAnchor(issue, facts), file, locate);
}

function located(issue: TargetedIssue, dagId: string, { call, argument, prefix }: Anchor, file: string, locate: Locate): Diagnostic {
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
function anchor(issue: TargetedIssue, input: PipelineInput): Anchor {
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
