export { defineConfig, type ProjectConfig } from "./config";
/** zod, for params schemas: `import { z } from "airflow-ts"` needs no install of its own. */
export { z } from "zod";
export type { ParamRefs, ParamsSchema } from "./params";
export { ctx, literal, type ContextDate } from "./context";
export type { ResultList, ResultRefs, ResultSchema } from "./result";
export type { ItemRef, MapItem, MapOptions, MapSource } from "./mapping";
export type * from "./deployment";
export type * from "./plugin";
export type { Duration, DurationUnit } from "./duration";
export { email, slack, webhook, type Deadline, type EmailNotifier, type Notifier, type Notifiers, type PipelineNotify, type SlackNotifier, type TaskNotify, type WebhookNotifier } from "./alerts";
export {
  configMap,
  secret,
  volume,
  type AllOptions,
  type ClaimOptions,
  type ClaimSpec,
  type ConfigMapKeyRef,
  type ConfigMapRef,
  type EnvSource,
  type KeyOptions,
  type Mount,
  type MountOptions,
  type SecretKeyRef,
  type SecretRef,
  type VolumeClaim,
} from "./kubernetes-refs";
export {
  isPipelineInput,
  type DateString,
  type DependencyInput,
  type GroupInput,
  type MappingInput,
  type TaskGroupOptions,
  type PipelineOptions,
  type PodTask,
  type TaskEnd,
  type TaskRef,
} from "./pipeline";
export type * from "./task-settings";
// `pipeline()`, its builder and the kinds' options come from the registry: src/tasks/authoring.ts adds them to
// these exports for pipelines (the DSL sits below the task kinds, which use it).
export { cron, every, onAssets, schedules, type AssetSchedule, type AssetScheduleOptions, type Schedule, type TimetableOptions } from "./schedule";
export {
  all,
  any,
  asset,
  triggeringEvents,
  type Asset,
  type AssetAll,
  type AssetAny,
  type AssetCondition,
  type AssetOptions,
  type JsonValue,
  type ProducesOption,
  type TriggeringEvents,
} from "./asset";

declare global {
  /**
   * zod's declarations (re-exported as `z`) name the WHATWG `URL` type, which TypeScript's ES libs lack: it
   * comes from the DOM lib or `@types/node`. Declared here, empty, so a project with neither still type-checks
   * with `skipLibCheck: false`; it merges with the full declaration wherever there is one.
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface URL {}
}
