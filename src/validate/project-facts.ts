import type { z } from "zod";
import type { FieldPath, SourceLocation } from "../diagnostics/source-location";
import type { TargetedIssue } from "./checks/graph";
import type { PipelineInput, TaskInput } from "../tasks";
import type { ProjectPipeline, ProjectView, ScheduleOptions } from "../tasks/project-view";
import { assetUses, type AssetUse } from "./checks/assets";

/**
 * What the checks across pipelines read of one pipeline, taken when it is validated on its own and kept with its
 * validation (so in the per-pipeline cache too): plain data, the same whether the pipeline ran now or was cached.
 */
export interface PipelineFacts {
  /** The options that say when it runs, as written; `id` is its DAG id as written. */
  readonly options: ScheduleOptions;
  /** Where `pipeline(...)` was called, and each task's call: where the project pass's diagnostics point. */
  readonly location?: SourceLocation;
  readonly tasks: readonly { readonly id: string; readonly location?: SourceLocation; readonly mapped: boolean }[];
  /** Whether it declares params (their schema is code: ProjectPipeline.params gets it when asked). */
  readonly declaresParams: boolean;
  readonly assetUses: readonly AssetUse[];
  /** The tasks whose kind checks them across the project (and whose schema accepted them), options as plain data. */
  readonly acrossProject: readonly { readonly index: number; readonly task: TaskInput }[];
}

/** A pipeline's facts; `acrossProject` are the indexes of the tasks to check across the project. */
export function pipelineFacts(input: PipelineInput, acrossProject: readonly number[]): PipelineFacts {
  const { id, schedule, start, timezone } = input.options;
  return {
    options: plain({ id, schedule, start, timezone }),
    ...(input.location && { location: input.location }),
    tasks: input.tasks.map((t) => ({ id: t.id, ...(t.location && { location: t.location }), mapped: t.mapping !== undefined })),
    declaresParams: input.options.params !== undefined,
    assetUses: plain(assetUses(input)),
    acrossProject: acrossProject.map((index) => {
      const task = input.tasks[index]!;
      return { index, task: { kind: task.kind, id: task.id, options: plain(task.options) } as TaskInput };
    }),
  };
}

/**
 * As JSON would keep it: what a cached pipeline's facts are after a round trip through its entry, so a fresh and a
 * cached pipeline are checked on the same values (a pipeline handle keeps its `dagId`; its hidden handle goes).
 */
function plain<T>(value: T): T {
  if (value === undefined) return value;
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    // What JSON cannot hold (a BigInt, a cycle) is in an invalid pipeline, which is never cached: keep it as it is,
    // and let its own checks report it rather than stop the compile.
    return value;
  }
}

/** Which call a target's fields were written in, which argument holds them, and its display path. */
export interface Anchor {
  readonly call: SourceLocation | undefined;
  readonly argument: number;
  readonly prefix: FieldPath;
}

/** The anchor of a pipeline or task target, from the facts (as validate-project's `anchor` from the input). */
export function factsAnchor(issue: TargetedIssue, facts: PipelineFacts): Anchor {
  const { target } = issue;
  if (target.kind === "task") {
    const task = facts.tasks[target.index]!;
    // A mapped task's options are the value its third argument, `(item) => ({...})`, returns.
    return { call: task.location, argument: task.mapped ? 2 : 1, prefix: ["tasks", task.id] };
  }
  // The project pass reports on pipelines and tasks only (assets, waits, triggers).
  return { call: facts.location, argument: 0, prefix: [] };
}

/** The project's pipelines by DAG id, first one wins (a repeated id is reported on its own). */
export function projectView(members: readonly { readonly validation: { readonly facts: PipelineFacts }; readonly params: () => Readonly<Record<string, z.ZodType>> | undefined }[]): ProjectView {
  const view = new Map<string, ProjectPipeline>();
  for (const { validation: { facts }, params } of members) {
    const dagId = String(facts.options.id);
    if (view.has(dagId)) continue;
    let known: { value: Readonly<Record<string, z.ZodType>> | undefined } | undefined;
    view.set(dagId, {
      dagId,
      options: facts.options,
      taskIds: facts.tasks.map((t) => t.id),
      params: () => (facts.declaresParams ? (known ??= { value: params() }).value : undefined),
    });
  }
  return view;
}
