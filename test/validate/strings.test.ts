import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const IMG = `image: "ghcr.io/acme/x:1.0"`;
const withZod = (source: string) => source.replace('from "airflow-ts";', 'from "airflow-ts";\nimport { z } from "airflow-ts";');

/**
 * A NUL byte or a lone surrogate anywhere a pipeline's strings reach output is an error at the field where it was
 * written. Each case is one pipeline file; all are compiled together. The line holding "// <-" is where it must point.
 */
const cases: [string, { source: string; path: string; message: RegExp }][] = [
  ["a group's tooltip", {
    source: pipelineModule(`p.group("regions", (g) => { g.pod("a", { ${IMG} }); },\n { tooltip: "one pod \\u0000 per region" }); // <-`),
    path: "demo.groups.regions.tooltip", message: /NUL character/,
  }],
  ["a param's description", {
    source: withZod(pipelineModule(`p.pod("a", { ${IMG} });`, { params: `z.object({\n region: z.string().default("emea").describe("the \\ud800 region"), // <-\n })` })),
    path: "demo.params.region.description", message: /unpaired UTF-16 surrogate/,
  }],
  ["a param's enum value", {
    source: withZod(pipelineModule(`p.pod("a", { ${IMG} });`, { params: `z.object({\n region: z.enum(["emea", "a\\u0000mer"]).default("emea"), // <-\n })` })),
    path: "demo.params.region.enum[1]", message: /NUL character/,
  }],
  ["an item of a mapped literal list", {
    source: pipelineModule(`p.map("t", {\n over: ["emea", "am\\u0000er"] }, // <-\n (region) => ({ ${IMG}, args: ["--region", region] }));`),
    path: "demo.tasks.t.over[1]", message: /NUL character/,
  }],
  ["a field of an object item of a mapped literal list", {
    source: pipelineModule(`p.map("t", { over: [\n { name: "x\\udc00" }] }, // <-\n (part) => ({ ${IMG}, args: ["--part", part.name] }));`),
    path: "demo.tasks.t.over[0].name", message: /unpaired UTF-16 surrogate/,
  }],
  ["a mapped task's own option", {
    source: pipelineModule(`p.map("t", { over: ["emea"] }, (region) => ({ ${IMG},\n doc: "a\\u0000b", // <-\n args: [region] }));`),
    path: "demo.tasks.t.doc", message: /NUL character/,
  }],
  ["an env var name", {
    source: pipelineModule(`p.pod("a", { ${IMG}, env: {\n "A\\u0000B": "x" } }); // <-`),
    path: `demo.tasks.a.env["A\\u0000B"]`, message: /NUL character/,
  }],
];

describe("every string that reaches output is checked the same way", () => {
  it("a NUL byte or a lone surrogate is an error at the field, wherever it was written (one compile)", () => {
    const root = tempProject(Object.fromEntries(cases.map(([, c], i) => [`pipelines/p${i}.pipeline.ts`, c.source.replace(`id: "demo"`, `id: "demo${i}"`)])));
    const result = compileIn(root);
    const failures = cases.flatMap(([what, c], i) => {
      const file = path.join(root, `pipelines/p${i}.pipeline.ts`);
      const found = result.diagnostics.filter((d) => d.location?.file === file && d.code === "unrepresentable-string");
      const want = { severity: "error", path: c.path.replace(/^demo/, `demo${i}`), line: lineOf(c.source, "// <-") };
      const ok = found.length === 1 && found[0]!.severity === want.severity && found[0]!.path === want.path && found[0]!.location!.line === want.line && c.message.test(found[0]!.message) && found[0]!.hint;
      return ok ? [] : [`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(found.map((d) => [d.severity, d.path, d.location?.line, d.message]))}`];
    });
    expect(failures).toEqual([]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });
});
