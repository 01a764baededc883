import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile-project";
import { tempProject } from "../helpers/temp-project";

const CONFIG = `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"], outDir: "out" });\n`;
const pipelineWith = (id: string, extra: string) =>
  `import { cron, pipeline } from "airflow-ts";\n${extra}\nexport default pipeline({ id: "${id}", schedule: cron("0 1 * * *"), start: "2026-01-01", catchup: false }, (p) => {\n  p.pod("x", { image: "busybox:1.36" });\n});\n`;

const setting = process.env.AIRFLOW_TS_TYPECHECK_THREAD;
afterEach(() => {
  if (setting === undefined) delete process.env.AIRFLOW_TS_TYPECHECK_THREAD;
  else process.env.AIRFLOW_TS_TYPECHECK_THREAD = setting;
});

function compileOn(thread: boolean, root: string) {
  process.env.AIRFLOW_TS_TYPECHECK_THREAD = thread ? "1" : "0";
  return compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
}

describe("the type check on its own thread", () => {
  it("reports only the type errors of a program that does not type-check, though its modules ran meanwhile, and writes nothing", () => {
    // Run, the first module throws and the second has an invalid image: neither may be reported over the type error.
    const root = tempProject({
      "airflow-ts.config.ts": CONFIG,
      "pipelines/a.pipeline.ts": pipelineWith("a", `const n: number = "three";\nif (n) throw new Error("module a ran");`),
      "pipelines/b.pipeline.ts": pipelineWith("b", "").replace("busybox:1.36", "Not An Image"),
    });
    const result = compileOn(true, root);
    expect(result.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([["TS2322", path.join(root, "pipelines/a.pipeline.ts"), 2]]);
    expect(result.written).toBe(false);
    expect(fs.existsSync(path.join(root, "out"))).toBe(false);
  });

  it("reports what a check on the calling thread reports, every type error of every file", () => {
    const root = tempProject({
      "airflow-ts.config.ts": CONFIG,
      "lib/helper.ts": `export const retries: number = "three";\n`,
      "pipelines/a.pipeline.ts": pipelineWith("a", `import { retries } from "../lib/helper";\nconst late: string = retries;`),
      "pipelines/b.pipeline.ts": pipelineWith("b", `const tag: 1 = 2;`),
    });
    const threaded = compileOn(true, root);
    const inline = compileOn(false, root);
    expect(threaded.diagnostics.map((d) => d.code)).toEqual(["TS2322", "TS2322", "TS2322"]);
    expect(threaded.diagnostics).toEqual(inline.diagnostics);
  });

  it("compiles a program that type-checks to the same bytes as a check on the calling thread", () => {
    const root = tempProject({ "airflow-ts.config.ts": CONFIG, "pipelines/a.pipeline.ts": pipelineWith("a", "") });
    const threaded = compileOn(true, root);
    const inline = compileOn(false, root);
    expect(threaded.diagnostics).toEqual([]);
    expect(threaded.files.map((f) => [f.path, f.body])).toEqual(inline.files.map((f) => [f.path, f.body]));
  });
});
