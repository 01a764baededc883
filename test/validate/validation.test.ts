import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const IMG = `image: "ghcr.io/acme/x:1.0"`;

/** Each case: a pipeline body; the line holding "// <-" is where the error must point. */
const cases: [string, { body: string; options?: Record<string, string>; code: string; message: RegExp; path: string; hint?: RegExp }][] = [
  ["unknown upstream task", {
    body: `const transform = p.pod("transform", { ${IMG} });\n p.pod("load", { ${IMG} }).after("transfrom"); // <-`,
    code: "unknown-upstream", message: /task "load" depends on "transfrom", which does not exist/, path: "demo.tasks.load.after[0]", hint: /did you mean "transform"/,
  }],
  ["cycle", {
    body: `const a = p.pod("a", { ${IMG} });\nconst b = p.pod("b", { ${IMG} }).after(a);\na.after(b); // <-`,
    code: "cycle", message: /dependency cycle: (a -> b -> a|b -> a -> b)/, path: "demo.tasks.a.after[0]",
  }],
  ["duplicate task id", {
    body: `p.pod("extract", { ${IMG} });\np.pod("extract", { ${IMG} }); // <-`,
    code: "duplicate-task-id", message: /task id "extract" is used twice/, path: "demo.tasks.extract",
  }],
  ["invalid task id", {
    body: `p.pod("extract data", { ${IMG} }); // <-`,
    code: "invalid-task-id", message: /task id "extract data" is invalid/, path: `demo.tasks["extract data"]`, hint: /extract_data/,
  }],
  ["invalid DAG id", {
    body: `p.pod("a", { ${IMG} });`, options: { id: `"nightly sales" // <-` },
    code: "invalid-dag-id", message: /DAG id "nightly sales" is invalid/, path: "nightly sales.id",
  }],
  ["invalid memory quantity", {
    body: `p.pod("a", { ${IMG},\n resources: { limits: { memory: "2GB" } } // <-\n });`,
    code: "invalid-quantity", message: /"2GB" is not a Kubernetes quantity/, path: "demo.tasks.a.resources.limits.memory", hint: /did you mean "2Gi"/,
  }],
  ["request above limit", {
    body: `p.pod("a", { ${IMG}, resources: {\n requests: { cpu: "2", memory: "4Gi" }, // <-\n limits: { memory: "2Gi" } } });`,
    code: "request-above-limit", message: /memory request 4Gi is above its limit 2Gi/, path: "demo.tasks.a.resources.requests.memory",
  }],
  ["mount of an undeclared volume", {
    body: `p.pod("a", { ${IMG},\n mounts: [{ volume: "scratch", path: "/tmp/x" }] // <-\n });`,
    code: "undeclared-volume", message: /volume "scratch", which the pipeline does not declare/, path: "demo.tasks.a.mounts[0].volume",
  }],
  ["two mounts at one path", {
    body: `const v = volume.claim("one"); const w = volume.claim("two");\np.pod("a", { ${IMG}, mounts: [v.at("/data"),\n w.at("/data/")] }); // <-`,
    code: "duplicate-mount-path", message: /two mounts at "\/data"/, path: "demo.tasks.a.mounts[1].path",
  }],
  ["invalid env var name", {
    body: `p.pod("a", { ${IMG}, env: {\n "DB-PASSWORD": "x" } }); // <-`,
    code: "invalid-env-name", message: /"DB-PASSWORD" is not a valid environment variable name/, path: `demo.tasks.a.env["DB-PASSWORD"]`,
  }],
  ["invalid label key", {
    body: `p.pod("a", { ${IMG}, labels: {\n "-team": "x" } }); // <-`,
    code: "invalid-label", message: /"-team" is not a valid key/, path: `demo.tasks.a.labels["-team"]`,
  }],
  ["invalid label value", {
    body: `p.pod("a", { ${IMG}, labels: {\n team: "sales & ops" } }); // <-`,
    code: "invalid-label", message: /label value "sales & ops"/, path: "demo.tasks.a.labels.team",
  }],
  ["invalid cron", {
    body: `p.pod("a", { ${IMG} });`, options: { schedule: `cron("0 25 * * *") // <-` },
    code: "invalid-cron", message: /25 is out of range in the hour field \(0-23\)/, path: "demo.schedule.expression",
  }],
  ["missing image", {
    body: `p.pod("a", {\n image: "" }); // <-`,
    code: "missing-image", message: /the task has no image/, path: "demo.tasks.a.image",
  }],
  ["image reference the container runtime refuses", {
    body: `p.pod("a", {\n image: "ghcr.io/Acme/Extract:1.0" }); // <-`,
    code: "invalid-image", message: /repository name "Acme\/Extract" has upper-case letters/, path: "demo.tasks.a.image", hint: /must be lowercase/,
  }],
  ["image with a short digest", {
    body: `p.pod("a", {\n image: "acme/x@sha256:abc" }); // <-`,
    code: "invalid-image", message: /sha256 digest has 3 characters, not 64/, path: "demo.tasks.a.image",
  }],
  ["start date after end date", {
    body: `p.pod("a", { ${IMG} });`, options: { end: `"2025-06-30" // <-` },
    code: "start-after-end", message: /end 2025-06-30 is before start 2026-01-01/, path: "demo.end",
  }],
  ["NUL byte in a value", {
    body: `p.pod("a", { ${IMG},\n args: ["a\\u0000b"] }); // <-`,
    code: "unrepresentable-string", message: /NUL character/, path: "demo.tasks.a.args[0]",
  }],
  ["GPU requested without a limit", {
    body: `p.pod("a", { ${IMG}, resources: {\n requests: { "nvidia.com/gpu": 1 } } }); // <-`,
    code: "extended-resource-without-limit", message: /"nvidia.com\/gpu" is requested but has no limit/, path: `demo.tasks.a.resources.requests["nvidia.com/gpu"]`,
  }],
  ["continuous schedule with several runs", {
    body: `p.pod("a", { ${IMG} });`, options: { schedule: `schedules.continuous // <-` },
    code: "continuous-needs-one-run", message: /maxActiveRuns: 1/, path: "demo.schedule",
  }],
  ["invalid duration", {
    body: `p.pod("a", { ${IMG},\n retryDelay: "5 minutes" as "5m" }); // <-`,
    code: "invalid-duration", message: /"5 minutes" is not a duration/, path: "demo.tasks.a.retryDelay",
  }],
  ["invalid namespace", {
    body: `p.pod("a", { ${IMG},\n namespace: "Data_Team" }); // <-`,
    code: "invalid-namespace", message: /not a DNS-1123 label/, path: "demo.tasks.a.namespace",
  }],
];

describe("validation", () => {
  it.each(cases)("%s", (_name, c) => {
    const source = pipelineModule(c.body, c.options);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    const found = result.diagnostics.find((d) => d.code === c.code);
    expect(found, JSON.stringify(result.diagnostics, null, 1)).toBeDefined();
    expect(found!.message).toMatch(c.message);
    expect(found!.severity).toBe("error");
    expect(found!.path).toBe(c.path);
    expect(found!.location?.file).toBe(path.join(root, "pipelines/demo.pipeline.ts"));
    expect(found!.location?.line).toBe(lineOf(source, "// <-"));
    if (c.hint) expect(found!.hint).toMatch(c.hint);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("reports every problem of a run together, across files, and writes nothing", () => {
    const root = tempProject({
      "pipelines/a.pipeline.ts": pipelineModule(`p.pod("x", { ${IMG}, resources: { limits: { memory: "2GB" } } });\np.pod("y", { ${IMG} }).after("nope");`),
      "pipelines/b.pipeline.ts": pipelineModule(`p.pod("z", { image: "" });`, { id: `"other"`, schedule: `cron("bad")` }),
    });
    const codes = compileIn(root).diagnostics.map((d) => d.code).sort();
    expect(codes).toEqual(["invalid-cron", "invalid-quantity", "missing-image", "unknown-upstream"]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("rejects duplicate DAG ids across files, naming the first definition", () => {
    const root = tempProject({
      "pipelines/a.pipeline.ts": pipelineModule(`p.pod("x", { ${IMG} });`, { id: `"sales"` }),
      "pipelines/b.pipeline.ts": pipelineModule(`p.pod("x", { ${IMG} });`, { id: `"Sales"` }),
    });
    const dup = compileIn(root).diagnostics.find((d) => d.code === "duplicate-dag-id");
    expect(dup?.message).toMatch(/DAG id "Sales" is also defined at .*pipelines\/a\.pipeline\.ts:2\b/);
    expect(dup?.location?.file).toBe(path.join(root, "pipelines/b.pipeline.ts"));
  });

  it("stops at type errors, printed as file:line:col with the checker's message", () => {
    const source = pipelineModule(`p.pod("a", { ${IMG}, retries: "3" }); // <-`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const [d] = compileIn(root).diagnostics;
    expect(d?.code).toBe("TS2322");
    expect(d?.message).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(d?.location?.line).toBe(lineOf(source, "// <-"));
    expect(d?.location?.column).toBeGreaterThan(1);
  });

  it("points at the line of a throw in a pipeline module", () => {
    const source = `import { pipeline } from "airflow-ts";\nconst regions: string[] = [];\nif (regions.length === 0) throw new Error("no regions configured"); // <-\nexport default pipeline({} as never, () => {});\n`;
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const [d] = compileIn(root).diagnostics;
    expect(d?.code).toBe("pipeline-threw");
    expect(d?.message).toMatch(/no regions configured/);
    expect(d?.location).toEqual({ file: path.join(root, "pipelines/demo.pipeline.ts"), line: 3, column: 33 });
  });

  it.each([
    ["exports nothing", `export const x = 1;`, "no-pipeline-export", /no default export/],
    ["exports a non-pipeline", `export default { id: "x" };`, "not-a-pipeline", /the default export is an object, not a pipeline/],
  ])("a module that %s is an error pointing at the file", (_name, source, code, message) => {
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const [d] = compileIn(root).diagnostics;
    expect(d?.code).toBe(code);
    expect(d?.message).toMatch(message);
    expect(d?.location?.file).toBe(path.join(root, "pipelines/demo.pipeline.ts"));
  });

  it("warns about a credential typed in clear, at its env field, without failing the compile", () => {
    const source = pipelineModule(`p.pod("a", { image: "ghcr.io/acme/x:1.0", env: {\n DB_PASSWORD: "hunter2", // <-\n TOKEN_URL: "https://auth.example.com/token" } });`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path, d.location?.line])).toEqual([["credential-in-clear", "warning", "demo.tasks.a.env.DB_PASSWORD", lineOf(source, "// <-")]]);
    expect(result.diagnostics[0]!.hint).toMatch(/secret\(/);
    expect(result.files.map((f) => f.path)).toContain("dags/demo.py");
  });

  it("warns about unpinned images without failing the compile", () => {
    const root = tempProject({ "pipelines/demo.pipeline.ts": pipelineModule(`p.pod("a", { image: "ghcr.io/acme/x:latest" });`) });
    const result = compileIn(root);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([["unpinned-image", "warning"]]);
    expect(result.files.map((f) => f.path)).toEqual(["dags/demo.py", "plugins/airflow_ts_plugin.py", "manifest.json"]);
  });
});
