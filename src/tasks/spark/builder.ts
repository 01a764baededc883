import type { PodTask, TaskRecorder } from "../../dsl/pipeline";
import type { SparkTaskOptions } from "./options";

/** The Spark kind's method on the pipeline builder. */
export interface SparkBuilder {
  /**
   * Add a task that runs a Spark application on Kubernetes: a SparkApplication (Kubeflow Spark operator) submitted
   * and watched by SparkKubernetesOperator. It takes part in dependencies, groups, retries and pools like a pod.
   * @example p.spark("transform", { type: "Python", image: "ghcr.io/acme/spark-etl:3.5.5-1", sparkVersion: "3.5.5",
   *   mainApplicationFile: "local:///opt/app/transform.py", arguments: ["--date", ctx.ds], executor: { instances: 4, memory: "4g" } })
   */
  spark(id: string, options: SparkTaskOptions): PodTask;
}

export function sparkBuilder(recorder: TaskRecorder): SparkBuilder {
  return { spark: (id, options) => recorder.task("spark", id, options) };
}
