import type { PipelineInputOf, PipelineOptions, PipelineBuilderCore, TaskInputOf } from "../dsl/pipeline";
import { recordPipeline } from "../dsl/pipeline";
import type { ParamName, ParamsSchema, TRIGGER_PARAMS, TriggerParams } from "../dsl/params";
import { podKind } from "./pod";
import { sparkKind } from "./spark";
import { branchKind } from "./branch";
import { triggerKind } from "./trigger";
import { waitKind } from "./wait";
import type { ValidPipelineOf } from "./shared/validated";
import type { AnyTaskKind, TaskKind } from "./task-kind";

/**
 * The registry: every task kind, one line each. Adding a kind here makes TypeScript point at what must handle
 * it: the builder (`PipelineBuilder` gets its methods), the unions below (`TaskInput`, `TaskModel`), and every
 * `Record<TaskKindName, ...>` in the stages.
 */
export const TASK_KINDS = {
  pod: podKind,
  spark: sparkKind,
  branch: branchKind,
  wait: waitKind,
  trigger: triggerKind,
} as const;

export type TaskKindName = keyof typeof TASK_KINDS;
type KindOf<K extends TaskKindName> = (typeof TASK_KINDS)[K];

// Each entry is filed under its own name (the key is what `task.kind` holds).
TASK_KINDS satisfies { readonly [K in TaskKindName]: { readonly name: K } & AnyTaskKind };

/* eslint-disable @typescript-eslint/no-explicit-any */
type OptionsOf<T> = T extends TaskKind<any, infer Options, any, any, any> ? Options : never;
type ValidOf<T> = T extends TaskKind<any, any, infer Valid, any, any> ? Valid : never;
type ModelOf<T> = T extends TaskKind<any, any, any, infer Model, any> ? Model : never;
type BuilderOf<T> = T extends TaskKind<any, any, any, any, infer Builder> ? Builder : never;
/* eslint-enable @typescript-eslint/no-explicit-any */
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** One task as the user wrote it, of any registered kind. */
export type TaskInput = { [K in TaskKindName]: TaskInputOf<K, OptionsOf<KindOf<K>>> }[TaskKindName];
/** One task as its kind's schema returned it: what the model is built from. */
export type ValidTaskInput = { [K in TaskKindName]: TaskInputOf<K, ValidOf<KindOf<K>>> }[TaskKindName];
/** A pipeline as the user wrote it: what `pipeline()` returns and a pipeline module exports. */
export type PipelineInput = PipelineInputOf<TaskInput>;
/** A pipeline as validation returns it: what the model is built from. */
export type ValidPipeline = ValidPipelineOf<ValidTaskInput>;
/** One task of the model, of any registered kind. */
export type TaskModel = { [K in TaskKindName]: ModelOf<KindOf<K>> }[TaskKindName];

/** Every kind's builder methods, together. */
type KindMethods = UnionToIntersection<{ [K in TaskKindName]: BuilderOf<KindOf<K>> }[TaskKindName]>;

/** The builder a pipeline's body receives; `Params` are the names its params declare. */
export interface PipelineBuilder<Params extends string = never> extends PipelineBuilderCore<Params, PipelineBuilder<Params>>, KindMethods {}

/** The kind of a task, through the contract with its types erased (the stages hold any kind this way). */
export function kindOf(task: { readonly kind: TaskKindName }): AnyTaskKind {
  return TASK_KINDS[task.kind];
}

/** The kinds in registry order: for what every DAG file must know of every kind (reserved Python names). */
export const ALL_KINDS: readonly AnyTaskKind[] = Object.values(TASK_KINDS);

/**
 * Define a pipeline: one Airflow DAG. Export it as the module's default export.
 * @example
 * export default pipeline({ id: "nightly_sales_etl", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false },
 *   (p) => {
 *     const extract = p.pod("extract", { image: "ghcr.io/acme/extract:1.4.2" });
 *     p.pod("load", { image: "ghcr.io/acme/load:2.0.0" }).after(extract);
 *   });
 */
export function pipeline<S extends ParamsSchema | undefined = undefined>(
  options: PipelineOptions & { readonly params?: S },
  body: (p: PipelineBuilder<ParamName<S>>) => void,
): PipelineInput & { readonly [TRIGGER_PARAMS]?: TriggerParams<S> } {
  return recordPipeline(options, body, (recorder) => Object.assign({}, ...ALL_KINDS.map((kind) => kind.builder(recorder)))) as PipelineInput;
}

export type { PodTaskModel, PodTaskOptions, PodTaskWithResult } from "./pod";
