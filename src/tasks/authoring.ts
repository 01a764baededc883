/**
 * What pipelines import (`import { pipeline, cron, secret } from "airflow-ts"`): the DSL every kind shares, and
 * `pipeline()` with the builder the registered kinds make. Above both, so the DSL needs no kind.
 */
export * from "../dsl";
export { pipeline, type PipelineBuilder, type PipelineInput, type TaskInput } from "./index";
export type { PodTaskOptions, PodTaskWithResult } from "./pod";
export { delta, type PipelineWaitOptions, type TimeWaitOptions, type SensorSettings, type WaitDelta, type TimeOfDay } from "./wait";
export type { TriggerOptions } from "./trigger";
export type {
  SparkDeps,
  SparkDriverOptions,
  SparkDynamicAllocation,
  SparkExecutorOptions,
  SparkGpu,
  SparkMemory,
  SparkPodOptions,
  SparkRestartPolicy,
  SparkTaskOptions,
} from "./spark/options";
