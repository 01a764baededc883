import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const IMG = `image: "ghcr.io/acme/x:1.0"`;

describe("owners within Airflow's dag.owners column (String(2000))", () => {
  it("an owner over 2,000 characters, or owners that joined by \", \" are, is an error at the owner's line", () => {
    const alone = pipelineModule(`p.pod("a", { ${IMG} });`, { owner: `"o".repeat(2001) // <-` });
    const joined = pipelineModule(`p.pod("a", { ${IMG}, owner: "a".repeat(999) });\np.pod("b", { ${IMG},\n owner: "b".repeat(1000) }); // <-`, { id: `"joined"` });
    const fits = pipelineModule(`p.pod("a", { ${IMG}, owner: "a".repeat(998) });\np.pod("b", { ${IMG}, owner: "b".repeat(1000) });`, { id: `"fits"` });
    const root = tempProject({ "pipelines/alone.pipeline.ts": alone, "pipelines/joined.pipeline.ts": joined, "pipelines/fits.pipeline.ts": fits });
    const found = compileIn(root).diagnostics.map((d) => [path.basename(d.location!.file), d.code, d.severity, d.path, d.location!.line, d.message]);
    expect(found).toEqual([
      ["alone.pipeline.ts", "owner-too-long", "error", "demo.owner", lineOf(alone, "// <-"), "the owner is 2001 characters long; Airflow stores at most 2000"],
      ["joined.pipeline.ts", "owner-too-long", "error", "joined.tasks.b.owner", lineOf(joined, "// <-"), `the DAG's 2 owners joined by ", " are 2001 characters long; Airflow stores at most 2000`],
    ]);
  });
});

describe("whitespace-only text for people is left out, the same for every such field", () => {
  it("description, docs, doc, a group's tooltip and a param's description", () => {
    const source = pipelineModule(
      `p.group("g", (g) => { g.pod("a", { ${IMG}, doc: " \\n " }); }, { tooltip: "\\t" });`,
      { description: `"   "`, docs: `"\\n\\n"`, params: `z.object({ region: z.string().default("emea").describe("  ") })` },
    ).replace('from "airflow-ts";', 'from "airflow-ts";\nimport { z } from "airflow-ts";');
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8");
    expect(dag).not.toMatch(/description=/);
    expect(dag).not.toMatch(/tooltip=/);
    expect(dag).not.toMatch(/doc_md="\s/);
    expect(dag).toMatch(/"region": Param\("emea", type="string"\)/);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "generated/manifest.json"), "utf8")) as { pipelines: { description?: string }[] };
    expect(manifest.pipelines[0]).not.toHaveProperty("description");
  });
});

describe("a start or end the DST change skips or repeats", () => {
  it("a skipped local time is an error naming the time Airflow would use; a repeated one a warning naming the instant it uses", () => {
    const skipped = pipelineModule(`p.pod("a", { ${IMG} });`, { start: `"2024-03-10T02:16:08", // <-\n timezone: "America/New_York"` });
    const repeated = pipelineModule(`p.pod("a", { ${IMG} });`, { id: `"repeated"`, start: `"2024-01-01"`, end: `"2024-11-03T01:30", // <-\n timezone: "America/New_York"` });
    const fine = pipelineModule(`p.pod("a", { ${IMG} });`, { id: `"fine"`, start: `"2024-03-10T03:16:08"`, end: `"2024-11-03T02:30"`, timezone: `"America/New_York"` });
    const utc = pipelineModule(`p.pod("a", { ${IMG} });`, { id: `"utc"`, start: `"2024-03-10T02:16:08"` });
    const root = tempProject({ "pipelines/skipped.pipeline.ts": skipped, "pipelines/repeated.pipeline.ts": repeated, "pipelines/fine.pipeline.ts": fine, "pipelines/utc.pipeline.ts": utc });
    const found = compileIn(root).diagnostics.map((d) => [path.basename(d.location!.file), d.code, d.severity, d.path, d.location!.line, d.message, d.hint]);
    expect(found).toEqual([
      ["repeated.pipeline.ts", "ambiguous-local-time", "warning", "repeated.end", lineOf(repeated, "// <-"),
        "2024-11-03T01:30:00 happens twice in America/New_York (the clocks go back that day): Airflow uses the second, 2024-11-03T06:30:00Z, not 2024-11-03T05:30:00Z",
        'write a time outside the repeated hour, or use a timezone without DST such as "UTC"'],
      ["skipped.pipeline.ts", "nonexistent-local-time", "error", "demo.start", lineOf(skipped, "// <-"),
        "2024-03-10T02:16:08 does not exist in America/New_York: the clocks skip it that day (daylight saving time), and Airflow would silently use 2024-03-10T03:16:08 (2024-03-10T07:16:08Z) instead",
        'write a time that exists, e.g. 2024-03-10T03:16:08, or use a timezone without DST such as "UTC"'],
    ]);
  });
});
