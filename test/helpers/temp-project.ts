import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileProject, type CompileResult } from "../../src/compile-project";

/**
 * A throwaway project folder with a config and the given files (paths relative to its root; a given
 * "airflow-ts.config.ts" replaces the default one). `base` is the folder it is made in.
 */
export function tempProject(files: Record<string, string>, base = os.tmpdir()): string {
  fs.mkdirSync(base, { recursive: true });
  const root = fs.mkdtempSync(path.join(base, "airflow-ts-test-"));
  const all = {
    "airflow-ts.config.ts": `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"] });\n`,
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

export function compileIn(root: string, mode: "write" | "check" = "write"): CompileResult {
  return compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode });
}

/**
 * A pipeline module around a body of `p.pod(...)` calls, with the usual imports. `options` are TypeScript
 * source fragments (`key: value`, or with a trailing comment) that replace or add pipeline options, one per line.
 */
export function pipelineModule(body: string, options: Record<string, string> = {}): string {
  const merged: Record<string, string> = { id: `"demo"`, schedule: `cron("0 2 * * *")`, start: `"2026-01-01"`, catchup: "false", ...options };
  const lines = Object.entries(merged).map(([key, value]) => `  ${key}: ${value.replace(/(\/\/.*)$/, "")},${value.match(/\/\/.*$/)?.[0] ?? ""}`);
  return `import { configMap, cron, every, pipeline, schedules, secret, volume } from "airflow-ts";
export default pipeline({
${lines.join("\n")}
}, (p) => {
${body}
});
`;
}

/** 1-based line of the first line containing `marker`. */
export function lineOf(text: string, marker: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not found`);
  return index + 1;
}

/** Every file under the project's output folder (`generated/`), path -> text: what two compiles are compared by. */
export function generatedFiles(root: string): Record<string, string> {
  const dir = path.join(root, "generated");
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}
