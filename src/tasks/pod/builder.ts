import type { z } from "zod";
import { itemRef, type ItemRef, type MapItem, type MapOptions } from "../../dsl/mapping";
import type { PodTask, TaskRecorder } from "../../dsl/pipeline";
import type { ResultRefs, ResultSchema } from "../../dsl/result";
import type { PodTaskOptions } from "./options";

/** A task that declares its `result`: its fields are typed references for downstream tasks. */
export interface PodTaskWithResult<Result> extends PodTask {
  /**
   * The task's result, as typed references to its fields: each is the Jinja that pulls it from XCom, and using
   * one in a task makes that task run after this one. A list result can be mapped over (`p.map`).
   * @example p.pod("load", { image, args: ["--rows", extract.result.rows] })
   */
  readonly result: ResultRefs<Result>;
}

/** The pod kind's methods on the pipeline builder. */
export interface PodBuilder {
  /**
   * Add a task that runs one container in its own pod.
   * @example p.pod("extract", { image: "ghcr.io/acme/extract:1.4.2", args: ["--date", ctx.ds] })
   */
  pod<S extends ResultSchema | undefined = undefined>(
    id: string,
    options: PodTaskOptions & { readonly result?: S },
  ): S extends ResultSchema ? PodTaskWithResult<z.output<S>> : PodTask;
  /**
   * Add a task mapped over a list: one pod per item, with the item in its `args` (Airflow's dynamic task
   * mapping). The list is written here, or is an upstream task's list result (then this task runs after it).
   * @example p.map("transform", { over: ["emea", "amer"], maxParallel: 2 }, (region) => ({ image, args: ["--region", region] }))
   * @example p.map("transform", { over: extract.result }, (part) => ({ image, args: ["--partition", part.name] }))
   */
  map<Item extends MapItem>(id: string, mapping: MapOptions<Item>, options: (item: ItemRef<Item>) => PodTaskOptions): PodTask;
}

export function podBuilder(recorder: TaskRecorder): PodBuilder {
  return {
    pod: ((id: string, options: PodTaskOptions) => recorder.task("pod", id, options)) as PodBuilder["pod"],
    map(id, mapping, makeOptions) {
      const { over, fields } = recorder.mapSource(mapping.over as unknown);
      const options = makeOptions(itemRef(fields) as never);
      return recorder.task("pod", id, options, { over, ...(mapping.maxParallel !== undefined && { maxParallel: mapping.maxParallel }) });
    },
  };
}
