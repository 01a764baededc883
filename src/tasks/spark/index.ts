import type { TaskKind } from "../task-kind";
import { buildSparkTask, sparkApplicationOf } from "./build";
import { sparkBuilder, type SparkBuilder } from "./builder";
import { checkSparkTask } from "./checks";
import { sparkClusterUses } from "./cluster-uses";
import { sparkApplicationIssues } from "./crd-schema";
import type { SparkTaskModel } from "./model";
import type { SparkTaskOptions } from "./options";
import { sparkTaskSchema, type ValidSparkTaskOptions } from "./schema";
import { sparkTemplatedStrings } from "./templated-fields";
import { SPARK_OPERATOR_IMPORT, sparkTaskView } from "./view";

/**
 * The Spark kind: a Spark application on Kubernetes, a SparkApplication (sparkoperator.k8s.io/v1beta2) submitted by
 * SparkKubernetesOperator (`p.spark`). Its template partial is dag-templates/spark-task.py.hbs; docs/spark.md
 * says how the provider turns the call into the object it submits.
 */
export const sparkKind: TaskKind<"spark", SparkTaskOptions, ValidSparkTaskOptions, SparkTaskModel, SparkBuilder> = {
  name: "spark",
  builder: sparkBuilder,
  schema: sparkTaskSchema,
  check(task, { pipeline }) {
    const issues = checkSparkTask(task.options, pipeline);
    const valid = sparkTaskSchema.safeParse(task.options);
    if (!valid.success || issues.some((issue) => (issue.severity ?? "error") === "error")) return issues;
    // The SparkApplication itself against the CRD's schema, built as the model will build it.
    const { application } = sparkApplicationOf(valid.data, { defaults: pipeline.defaults, volumes: pipeline.volumes ?? [] }, task.id);
    return [...issues, ...sparkApplicationIssues(application)];
  },
  templatedStrings: sparkTemplatedStrings,
  build: buildSparkTask,
  clusterUses: sparkClusterUses,
  view: (task, names) => sparkTaskView(task, names),
  usesKubernetesModels: () => false,
  pythonImport: SPARK_OPERATOR_IMPORT,
  reservedNames: ["SparkKubernetesOperator"],
};

export type { SparkTaskOptions } from "./options";
export type { SparkBuilder } from "./builder";
export type { SparkTaskModel, SparkApplication } from "./model";
