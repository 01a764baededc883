import { defineConfig } from "airflow-ts";

export default defineConfig({
  pipelines: ["examples/**/*.pipeline.ts"],
  outDir: "generated",
});
