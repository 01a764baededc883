import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile-project";
import { tempProject } from "../helpers/temp-project";

/** A project inside the repository (git-ignored), so that npm packages resolve from its node_modules. */
function projectInRepo(files: Record<string, string>): string {
  return tempProject(
    {
      "airflow-ts.config.ts": `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"], outDir: "out" });\n`,
      ...files,
    },
    path.resolve(__dirname, "..", "..", "test-artifacts"),
  );
}

describe("pipeline modules", () => {
  it("import shared helpers, each other and npm packages, with no build step", () => {
    const root = projectInRepo({
      "lib/images.ts": `import { z } from "zod";\nexport const tag = z.string().regex(/^\\d+\\.\\d+$/).parse("1.2");\nexport const image = (name: string) => \`ghcr.io/acme/\${name}:\${tag}\`;\n`,
      "pipelines/shared.ts": `export const START = "2026-01-01" as const;\n`,
      "pipelines/a.pipeline.ts": `import { cron, pipeline } from "airflow-ts";\nimport { image } from "../lib/images";\nimport { START } from "./shared";\nexport default pipeline({ id: "a", schedule: cron("0 1 * * *"), start: START, catchup: false }, (p) => {\n  p.pod("x", { image: image("x") });\n});\n`,
    });
    const result = compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
    expect(result.diagnostics).toEqual([]);
    expect(result.pipelines[0]?.tasks[0]?.image).toBe("ghcr.io/acme/x:1.2");
    expect(fs.readFileSync(path.join(root, "out/dags/a.py"), "utf8")).toContain('image="ghcr.io/acme/x:1.2"');
  });

  it("type-checks helper modules too, as part of the one program", () => {
    const root = projectInRepo({
      "lib/helper.ts": `export const retries: number = "three";\n`,
      "pipelines/a.pipeline.ts": `import { cron, pipeline } from "airflow-ts";\nimport { retries } from "../lib/helper";\nexport default pipeline({ id: "a", schedule: cron("0 1 * * *"), start: "2026-01-01", catchup: false }, (p) => {\n  p.pod("x", { image: "busybox:1.36", retries });\n});\n`,
    });
    const [d] = compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" }).diagnostics;
    expect(d).toMatchObject({ code: "TS2322", location: { file: path.join(root, "lib/helper.ts"), line: 1, column: 14 } });
    expect(fs.existsSync(path.join(root, "out"))).toBe(false);
  });
});

describe("the module runtime, run from airflow-ts's own TypeScript sources (the repository's dev CLI)", () => {
  it("loads TypeScript for the first import it resolves without asking for it again through its own hook", () => {
    // A fresh process: in this one vitest has loaded TypeScript already. Before the guard, the require of
    // ts-morph from src/load/ts-morph-lazy.ts went through the runtime's resolve hook, which asked for TypeScript
    // again: "Maximum call stack size exceeded" on `npm run compile` whenever the cache spared the type check.
    const root = tempProject({ "a.ts": `import { b } from "./b";\nexport const a = b + 1;\n`, "b.ts": `export const b = 41;\n` });
    const repo = path.resolve(__dirname, "..", "..");
    const script = [
      `require(${JSON.stringify(path.join(repo, "bin", "register-ts.js"))});`,
      `const { startTypeScriptRuntime } = require(${JSON.stringify(path.join(repo, "src", "load", "ts-runtime.ts"))});`,
      `const runtime = startTypeScriptRuntime({});`,
      `console.log(JSON.stringify(runtime.require(${JSON.stringify(path.join(root, "a.ts"))})));`,
    ].join("\n");
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ a: 42 });
  });
});
