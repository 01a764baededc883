import type { TaskKind } from "../task-kind";
import { branchBuilder, type BranchBuilder } from "./builder";
import { checkBranch } from "./checks";
import { buildBranchTask, type BranchTaskModel } from "./model";
import type { BranchTaskOptions, ValidBranchTaskOptions } from "./options";
import { branchTaskSchema } from "./schema";
import { BRANCH_DEFINITIONS, BRANCH_RESERVED, branchOperatorImport, branchTaskView } from "./view";

/**
 * The branch kind: the run takes a path decided by a task's typed result (`p.when`, `p.switch`: a
 * BranchPythonOperator; `p.continueIf`: a ShortCircuitOperator). It runs no container: a small fixed Python
 * function reads the result from XCom. Its template partial is dag-templates/branch-task.py.hbs; docs/branches.md
 * says what Airflow does with it on each line.
 */
export const branchKind: TaskKind<"branch", BranchTaskOptions, ValidBranchTaskOptions, BranchTaskModel, BranchBuilder> = {
  name: "branch",
  builder: branchBuilder,
  schema: branchTaskSchema as never,
  check: (task) => checkBranch(task.options),
  // The field's pull is scanned like any template: it makes the branch run after the task that decides.
  templatedStrings: (options) => (options.field ? [[["on"], options.field.ref]] : []),
  build: buildBranchTask,
  // It runs in Airflow's worker: nothing in the cluster.
  clusterUses: () => ({ secrets: [], configMaps: [], claims: [], imagePullSecrets: [], apiAccess: [] }),
  view: (task, names) => branchTaskView(task, names),
  usesKubernetesModels: () => false,
  pythonImport: branchOperatorImport,
  pythonDefinitions: BRANCH_DEFINITIONS,
  reservedNames: BRANCH_RESERVED,
  paths: (options) => (options.mode === "continueIf" ? [] : options.cases.map((c) => c.taskIds ?? [])),
};

export type { BranchTaskOptions, BranchOptions, ContinueIfOptions, SwitchCases, WhenPaths } from "./options";
export type { BranchBuilder } from "./builder";
export type { BranchTaskModel, BranchCaseModel } from "./model";
