import { stringsWithPaths } from "../../diagnostics/field-strings";
import { pyBool, pyDict, pyInt, pyStr, pyValue } from "../../python/python-literals";
import type { TaskInputOf } from "../../dsl/pipeline";
import { airflowSettingsModel } from "../shared/airflow-settings";
import { lineImports } from "../shared/line-imports";
import { definedOnly } from "../shared/records";
import type { BuildContext, TaskKind } from "../task-kind";
import { triggerBuilder, type TriggerBuilder } from "./builder";
import { checkTriggerAcrossProject, checkTriggerTask } from "./checks";
import type { TriggerTaskModel } from "./model";
import type { TriggerTaskOptions } from "./options";
import { triggerTaskSchema, type ValidTriggerTaskOptions } from "./schema";
import { operatorViewOf } from "../shared/operator-view";

function buildTriggerTask(task: TaskInputOf<"trigger", ValidTriggerTaskOptions>, context: BuildContext): TriggerTaskModel {
  const o = task.options;
  return {
    kind: "trigger",
    ...context.base,
    pushesResult: false,
    ...airflowSettingsModel(o, context),
    targetDagId: o.pipeline.dagId,
    conf: o.params ?? {},
    waitForCompletion: o.waitForCompletion ?? false,
    deferrable: o.deferrable ?? false,
    ...definedOnly({ pokeIntervalSeconds: o.pokeInterval, logicalDate: o.logicalDate, resetRun: o.resetRun }),
  };
}


/**
 * The trigger kind: `p.trigger(otherPipeline, { params, waitForCompletion })` starts a run of another pipeline of
 * the project (TriggerDagRunOperator). Its partial is dag-templates/operator-task.py.hbs.
 */
export const triggerKind: TaskKind<"trigger", TriggerTaskOptions, ValidTriggerTaskOptions, TriggerTaskModel, TriggerBuilder> = {
  name: "trigger",
  builder: triggerBuilder,
  schema: triggerTaskSchema,
  check: checkTriggerTask,
  checkAcrossProject: checkTriggerAcrossProject,
  templatedStrings: (options) => [...stringsWithPaths(options.params ?? {}, ["params"]), ...(typeof options.logicalDate === "string" ? [[["logicalDate"], options.logicalDate] as [(string | number)[], string]] : [])],
  build: buildTriggerTask,
  clusterUses: () => ({ secrets: [], configMaps: [], claims: [], imagePullSecrets: [], apiAccess: [] }),
  view: (task, names) =>
    operatorViewOf("TriggerDagRunOperator", task, names, {
      trigger_dag_id: pyStr(task.targetDagId),
      conf: Object.keys(task.conf).length ? pyDict(Object.entries(task.conf).map(([k, v]) => [k, pyValue(v)])) : undefined,
      logical_date: task.logicalDate === undefined ? undefined : pyStr(task.logicalDate),
      reset_dag_run: task.resetRun === undefined ? undefined : pyBool(task.resetRun),
      wait_for_completion: task.waitForCompletion ? pyBool(true) : undefined,
      poke_interval: task.pokeIntervalSeconds === undefined ? undefined : pyInt(task.pokeIntervalSeconds),
      deferrable: task.deferrable ? pyBool(true) : undefined,
    }),
  usesKubernetesModels: () => false,
  pythonImport: lineImports([{ operator: "TriggerDagRunOperator", deferrable: false }]),
  reservedNames: ["TriggerDagRunOperator", "airflow2_trigger_dagrun"],
};

export type { TriggerOptions, TriggerTaskOptions } from "./options";
export type { TriggerBuilder } from "./builder";
export type { TriggerTaskModel } from "./model";
