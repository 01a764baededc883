import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { closest } from "../diagnostics/did-you-mean";
import { parseReported } from "../diagnostics/issue";
import { configLocation, type ProjectConfig } from "../dsl/config";
import type { SourceLocation } from "../diagnostics/source-location";
import { CONFIG_FILE } from "./find-config";
import { locateField, type FieldPath } from "./locate-field";
import type { TypeScriptRuntime } from "./ts-runtime";
import { tsMorph } from "./ts-morph-lazy";

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
  const parsed = parseReported(configSchema, exported);
  const call = configCallOf(exported);
  if (!parsed.success) {
    const source = call && runtime.toSource(call);
    return { diagnostics: parsed.error.issues.flatMap((issue) => configIssue(issue, configFile, source)) };
  }
  const root = path.dirname(configFile);
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

const CONFIG_HINT = 'export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], outDir: "generated" })';

/** A problem with the config's shape, located where it was written (an unknown option at its name). */
function configIssue(issue: z.core.$ZodIssue, configFile: string, call: SourceLocation | undefined): Diagnostic[] {
  const field = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const locate = (at: FieldPath, part: "value" | "key" = "value") => (call ? locateInConfig(configFile, call, at, part) : { file: configFile, line: 1, column: 1 });
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const suggestion = closest(key, Object.keys(configSchema.shape));
      return error("unknown-option", `unknown config option "${key}"`, {
        location: locate([...field, key], "key"),
        path: ["config", ...field, key].join("."),
        hint: suggestion ? `did you mean "${suggestion}"?` : `the options are ${Object.keys(configSchema.shape).join(", ")}`,
      });
    });
  }
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  const message = missing ? `"${field.join(".")}" is required` : issue.message;
  return [error("invalid-config", message, { location: locate(field), path: ["config", ...field].join("."), hint: CONFIG_HINT })];
}

/**
 * Where a config field was written. The config is parsed on its own (no type check): its shape is checked before
 * the pipelines are found, so the one program that type-checks everything does not exist yet.
 */
function locateInConfig(configFile: string, call: SourceLocation, field: FieldPath, part: "value" | "key"): SourceLocation {
  const sourceFile = new (tsMorph().Project)({ skipFileDependencyResolution: true }).addSourceFileAtPath(configFile);
  return locateField(sourceFile, call, 0, field, part);
}

function configCallOf(exported: unknown): SourceLocation | undefined {
  return typeof exported === "object" && exported !== null ? configLocation(exported) : undefined;
}
