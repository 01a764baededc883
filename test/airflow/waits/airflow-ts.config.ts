import { defineConfig } from "airflow-ts";

// Every wait and trigger form, between pipelines of one project: what test/airflow/waits.test.ts loads.
export default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"] });
