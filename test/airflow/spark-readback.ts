import type { SparkApplication } from "../../src/tasks/spark/model";

/** What spark_readback.py prints for one Spark task (only `error` when rendering or submitting it raised). */
export interface SparkReadback {
  run: { run_id: string; logical_date: string };
  call: { group: string; version: string; namespace: string; plural: string };
  body: any;
  error?: string;
  operator: { name: string; namespace: string; delete_on_termination: boolean; startup_timeout_seconds: number; retries: number; pool: string; owner: string };
}

/**
 * The SparkApplication a model says, as SparkKubernetesOperator submits it for one run: its templates rendered
 * (`{{ ds }}` and `{{ run_id }}`, the only ones the tests use), and what the operator adds itself
 * (spark_kubernetes.py `_setup_spark_configuration`, custom_object_launcher.py `get_body`): the name with its
 * random suffix, the run's labels on the application and on both roles, and `SPARK_APPLICATION_NAME` in both
 * roles' env.
 */
export function expectedSubmission(application: SparkApplication, readback: SparkReadback, ds: string): unknown {
  return withOperatorAdditions(JSON.parse(JSON.stringify(application).replaceAll("{{ ds }}", ds).replaceAll("{{ run_id }}", readback.run.run_id)), readback);
}

/** An application with its templates already rendered, plus what the operator adds to it (see expectedSubmission). */
export function withOperatorAdditions(rendered: any, readback: SparkReadback): unknown {
  const name = readback.body.metadata.name as string;
  const runLabels = readback.body.spec.labels as Record<string, string>;
  const role = (spec: any) => ({
    ...spec,
    labels: { ...spec.labels, ...runLabels },
    env: [...(spec.env ?? []), { name: "SPARK_APPLICATION_NAME", value: name }],
  });
  return {
    ...rendered,
    metadata: { ...rendered.metadata, name },
    spec: { ...rendered.spec, labels: runLabels, driver: role(rendered.spec.driver), executor: role(rendered.spec.executor) },
  };
}
