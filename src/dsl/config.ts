/** The project file `airflow-ts.config.ts`: where pipelines are and where output goes. */
export interface ProjectConfig {
  /**
   * Glob patterns of pipeline modules, relative to the config file. `*` matches within a folder, `**` across folders.
   * Other `.ts` files (shared helpers) may sit beside them and be imported.
   * @example ["pipelines/**\/*.pipeline.ts"]
   */
  readonly pipelines: readonly string[];
  /** Folder that receives `dags/`, relative to the config file. @default "generated" */
  readonly outDir?: string;
}

/**
 * Typed identity for the config file's default export.
 * @example export default defineConfig({ pipelines: ["examples/*.pipeline.ts"], outDir: "generated" });
 */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  return config;
}
