import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { configLocation, type ProjectConfig } from "../dsl/config";
import type { SourceLocation } from "../dsl/call-site";
import { CONFIG_FILE } from "./find-config";
import type { TypeScriptRuntime } from "./ts-runtime";

export { CONFIG_FILE } from "./find-config";

/** A project: its root folder (where the config file is), config and resolved output folder. */
export interface Project {
  readonly root: string;
  readonly configFile: string;
  readonly config: ProjectConfig;
  readonly outDir: string;
  /** Where `defineConfig(...)` was called, for diagnostics that point into the config. */
  readonly configCall?: SourceLocation;
}

const configSchema = z.strictObject({
  pipelines: z.array(z.string().min(1)).min(1),
  outDir: z.string().min(1).optional(),
  // Checked with the pipelines, which it must fit (validate/validate-deployment.ts).
  deployment: z.unknown().optional(),
  // Checked on its own (validate/validate-plugin.ts), with its fields located in the config.
  plugin: z.unknown().optional(),
});

/** Runs the config module and checks its shape. */
export function loadConfig(configFile: string, runtime: TypeScriptRuntime): { project?: Project; diagnostics: Diagnostic[] } {
  const at = { location: { file: configFile, line: 1, column: 1 } };
  if (!fs.existsSync(configFile)) {
    return {
      diagnostics: [
        error("missing-config", `no ${path.basename(configFile)} found (looked for ${configFile})`, {
          hint:
            `create ${CONFIG_FILE} with: export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"] }), ` +
            `or start a project with \`npx airflow-ts init\`. It is looked for in the current folder and its parents; ` +
            `--config <file or folder> names another`,
        }),
      ],
    };
  }
  let exported: unknown;
  try {
    exported = (runtime.require(configFile) as { default?: unknown }).default;
  } catch (thrown) {
    return { diagnostics: [error("config-threw", `the config file threw: ${String(thrown)}`, at)] };
  }
  const parsed = configSchema.safeParse(exported);
  if (!parsed.success) {
    return {
      diagnostics: parsed.error.issues.map((issue) =>
        error("invalid-config", issue.message, { ...at, path: ["config", ...issue.path].join("."), hint: "export default defineConfig({ pipelines: [...], outDir: \"generated\" })" }),
      ),
    };
  }
  const root = path.dirname(configFile);
  const call = configCallOf(exported);
  return {
    project: {
      root,
      configFile,
      config: exported as ProjectConfig,
      outDir: path.resolve(root, parsed.data.outDir ?? "generated"),
      ...(call && { configCall: runtime.toSource(call) }),
    },
    diagnostics: [],
  };
}

function configCallOf(exported: unknown): SourceLocation | undefined {
  return typeof exported === "object" && exported !== null ? configLocation(exported) : undefined;
}
