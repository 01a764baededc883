import * as authoring from "../tasks/authoring";
import { runPipelines, type LoadedPipeline } from "./run-pipelines";
import { startTypeScriptRuntime } from "./ts-runtime";
import type { UserTsConfig } from "./user-tsconfig";

/**
 * Runs one pipeline module again, on its own, for what a cached entry cannot hold: a params schema is code (zod), and
 * a trigger in another pipeline checks its params against it. The module already type-checked and ran before (its
 * entry is valid), so this gives the pipelines it gave then; what it reports is not wanted here.
 */
export function runModuleAgain(file: string, tsconfig: UserTsConfig): readonly LoadedPipeline[] {
  const runtime = startTypeScriptRuntime({ "airflow-ts": authoring }, tsconfig.options);
  try {
    return runPipelines([file], runtime).pipelines;
  } finally {
    runtime.dispose();
  }
}
