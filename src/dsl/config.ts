import { captureCallSite, type SourceLocation } from "./call-site";
import type { DeploymentOptions } from "./deployment";
import type { PluginOptions } from "./plugin";

/** The project file `airflow-ts.config.ts`: where pipelines are and where output goes. */
export interface ProjectConfig {
  /**
   * Glob patterns of pipeline modules, relative to the config file. `*` matches within a folder, `**` across folders.
   * Other `.ts` files (shared helpers) may sit beside them and be imported.
   * @example ["pipelines/**\/*.pipeline.ts"]
   */
  readonly pipelines: readonly string[];
  /** Folder that receives `dags/`, `k8s/` and `manifest.json`, relative to the config file. @default "generated" */
  readonly outDir?: string;
  /** The Airflow deployment the DAGs run in: `compile` writes Helm values and Kubernetes objects for it. */
  readonly deployment?: DeploymentOptions;
  /** Links from the Airflow UI to the TypeScript and to pod logs, for the plugin in `<outDir>/plugins/`. */
  readonly plugin?: PluginOptions;
}

/** Where each config was defined, for diagnostics that point into it. Shared by every copy of this module. */
const CONFIG_LOCATIONS: WeakMap<object, SourceLocation> = ((globalThis as Record<symbol, unknown>)[Symbol.for("airflow-ts.config-locations")] ??= new WeakMap()) as WeakMap<object, SourceLocation>;

export function configLocation(config: object): SourceLocation | undefined {
  return CONFIG_LOCATIONS.get(config);
}

/**
 * Typed identity for the config file's default export.
 * @example export default defineConfig({ pipelines: ["examples/*.pipeline.ts"], outDir: "generated" });
 */
export function defineConfig(config: ProjectConfig): ProjectConfig {
  const location = captureCallSite();
  if (location) CONFIG_LOCATIONS.set(config, location);
  return config;
}
