import type { TaskKind } from "../task-kind";
import { buildWaitTask } from "./build";
import { waitBuilder, type WaitBuilder } from "./builder";
import { checkWaitAcrossProject, checkWaitTask } from "./checks";
import type { WaitTaskModel } from "./model";
import type { WaitTaskOptions } from "./options";
import { waitTaskSchema, type ValidWaitTaskOptions } from "./schema";
import { lineImports } from "../shared/line-imports";
import { waitOperator, waitTaskView } from "./view";
import { ASSET_EVENT_DEFINITION, ASSET_EVENT_FUNCTION } from "./asset-event";

/** Uses of no cluster object: a wait runs in the scheduler's worker or triggerer, not in a pod of its own. */
const NO_CLUSTER_USES = { secrets: [], configMaps: [], claims: [], imagePullSecrets: [], apiAccess: [] } as const;

/**
 * The wait kind: Airflow's sensors, without a container. `p.waitFor(otherPipeline, {...})` waits for a run or a
 * task of another pipeline of the project (ExternalTaskSensor), `p.waitUntil("06:00")` for a time of day
 * (TimeSensor), `p.waitFor(delta("30m"))` for a delta after the data interval (TimeDeltaSensor), `p.waitFor(asset)`
 * for an event of an asset (a PythonSensor reading `inlet_events`: asset-event.ts). Its template
 * partial is dag-templates/operator-task.py.hbs; docs/waits-and-triggers.md has the Airflow meaning on each line.
 */
export const waitKind: TaskKind<"wait", WaitTaskOptions, ValidWaitTaskOptions, WaitTaskModel, WaitBuilder> = {
  name: "wait",
  builder: waitBuilder,
  schema: waitTaskSchema,
  check: checkWaitTask,
  checkAcrossProject: checkWaitAcrossProject,
  // Sensors' template fields hold ids the compiler wrote, not user templates: nothing to check or scan.
  templatedStrings: () => [],
  build: buildWaitTask,
  clusterUses: () => NO_CLUSTER_USES,
  view: (task, names) => waitTaskView(task, names),
  usesKubernetesModels: () => false,
  pythonImport: (tasks) => lineImports(tasks.map(waitOperator)),
  // The function asset waits call; only files with one get it.
  pythonDefinitions: (tasks) => (tasks.some((t) => t.waitsFor.kind === "asset") ? ASSET_EVENT_DEFINITION : undefined),
  reservedNames: ["ExternalTaskSensor", "TimeSensor", "TimeDeltaSensor", "DeferrableTimeSensor", "DeferrableTimeDeltaSensor", "partial", "airflow2_external_task", "airflow2_time_sensor", "airflow2_time_delta", "PythonSensor", "airflow2_python", ASSET_EVENT_FUNCTION],
};

export type { WaitTaskOptions, PipelineWaitOptions, TimeWaitOptions, SensorSettings, WaitDelta } from "./options";
export { delta } from "./options";
export type { WaitBuilder, TimeOfDay } from "./builder";
export type { WaitTaskModel, WaitTarget } from "./model";
