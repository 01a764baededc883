import type { z } from "zod";
import type { PipelineOptions } from "../dsl/pipeline";

/**
 * What a task kind may read of another pipeline of the project (a wait, a trigger): the facts of one pipeline that
 * the project pass gathers from every pipeline's own validation, fresh or from the per-pipeline cache. Everything
 * but the params schema is plain data, so a cached pipeline offers it without being run again.
 */
export interface ProjectPipeline {
  readonly dagId: string;
  /** Its options as written, the part that says when it runs. */
  readonly options: ScheduleOptions;
  readonly taskIds: readonly string[];
  /**
   * Its params schema's fields, undefined when it declares none. A zod schema is code, not data: for a pipeline
   * taken from the cache its module is run again the first time this is asked (and only then).
   */
  params(): Readonly<Record<string, z.ZodType>> | undefined;
}

/** The options that say when a pipeline runs, as written. */
export type ScheduleOptions = Pick<PipelineOptions, "id" | "schedule" | "start" | "timezone">;

/** The project's pipelines by DAG id (the first one wins when ids repeat: a duplicate is its own error). */
export type ProjectView = ReadonlyMap<string, ProjectPipeline>;

/** What a kind's check across the project gets besides its task: its own pipeline's options, and the others. */
export interface ProjectCheckContext {
  readonly pipeline: ScheduleOptions;
  readonly project: ProjectView;
}
