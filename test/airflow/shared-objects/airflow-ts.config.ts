import { defineConfig } from "airflow-ts";

// Tasks with identical Kubernetes objects, some templated: what test/airflow/shared-objects.test.ts loads.
export default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"] });
