/**
 * airflow-ts: typed TypeScript pipelines compiled into Airflow DAG files.
 * Pipelines import the authoring API from here; tools import `compileProject` and the stage functions.
 */
export * from "./tasks/authoring";
export { compileProject, type CompileOptions, type CompileResult } from "./compile-project";
export type { OutputChanges } from "./emit/write-outputs";
export type { Diagnostic, Severity } from "./diagnostics/diagnostic";
export { formatDiagnosticsJson, formatDiagnosticsText } from "./diagnostics/format";
export type { Pipeline, PodTaskModel } from "./model/pipeline";
export type { OutputFile } from "./render/output-file";
