import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompileResult } from "../../src/compile-project";
import { compileIn, lineOf, tempProject } from "../helpers/temp-project";

const head = `import { any, asset, cron, onAssets, pipeline } from "airflow-ts";\nimport { a, b } from "./lake";\n`;
const lake = `import { asset } from "airflow-ts";\nexport const a = asset("s3://lake/a", { name: "a" });\nexport const b = asset("s3://lake/b", { name: "b" });\n`;
const IMG = `image: "ghcr.io/acme/x:1.0"`;

/** Two pipelines that trigger each other, and one that gets every other asset check wrong. */
const files: Record<string, string> = {
  "pipelines/lake.ts": lake,
  "pipelines/one.pipeline.ts": `${head}export default pipeline({ id: "one", start: "2026-01-01", catchup: false,
  schedule: onAssets(b), // <- cycle
}, (p) => { p.pod("t", { ${IMG}, produces: [a] }); });
`,
  "pipelines/two.pipeline.ts": `${head}export default pipeline({ id: "two", start: "2026-01-01", catchup: false,
  schedule: onAssets(a),
}, (p) => { p.pod("t", { ${IMG}, produces: [b] }); });
`,
  "pipelines/bad.pipeline.ts": `${head}export default pipeline({ id: "bad", start: "2026-01-01", catchup: false,
  schedule: onAssets(asset("s3://lake/nowhere"), // <- not produced
    { partitioned: true }), // <- partitioned
}, (p) => {
  p.pod("t", { ${IMG}, produces: [
    asset("airflow://internal/x"), // <- reserved
    asset("S3://lake/a/", { name: "other_a" }), // <- renamed
    asset("s3://lake/c", { name: "self" }), // <- name
    asset("s3://lake/caf\u00e9"), // <- ascii
    asset("s3://user:secret@lake/d"), // <- password
  ] });
});
`,
};

describe("asset checks (project-wide and per line)", () => {
  let result: CompileResult;
  let root: string;
  beforeAll(() => {
    root = tempProject(files);
    result = compileIn(root);
  });
  const find = (code: string, match?: RegExp) => {
    const found = result.diagnostics.filter((d) => d.code === code && (!match || match.test(d.message)));
    expect(found, JSON.stringify(result.diagnostics, null, 1)).toHaveLength(1);
    return found[0]!;
  };
  const at = (file: string, marker: string) => ({ file: path.join(root, "pipelines", file), line: lineOf(files[`pipelines/${file}`]!, marker) });

  it("reports a cycle of pipelines through assets, naming it", () => {
    const d = find("asset-cycle");
    expect(d.severity).toBe("error");
    expect(d.message).toContain("one -> two -> one");
    expect(d.path).toBe("one.schedule.condition.uri");
    expect(d.location).toMatchObject(at("one.pipeline.ts", "// <- cycle"));
  });

  it("warns about an asset no pipeline produces, saying it may be produced elsewhere", () => {
    const d = find("asset-not-produced");
    expect(d.severity).toBe("warning");
    expect(d.message).toMatch(/no pipeline of this project produces "s3:\/\/lake\/nowhere".*another project, a hand-written DAG/);
    expect(d.path).toBe("bad.schedule.condition.uri");
    expect(d.hint).toBeDefined();
  });

  it("refuses the reserved airflow scheme on both lines, a non-ASCII URI on 2.11 only, and a reserved name on 3", () => {
    expect(result.diagnostics.filter((d) => d.code === "invalid-asset-uri" && d.message.includes("airflow://")).map((d) => d.message.split(" refuses")[0])).toEqual(["Airflow 3", "Airflow 2.11"]);
    const ascii = find("invalid-asset-uri", /caf/);
    expect(ascii.message).toMatch(/^Airflow 2\.11 refuses the dataset URI .*ASCII/);
    expect(ascii.path).toBe("bad.tasks.t.produces[3].uri");
    expect(ascii.location).toMatchObject(at("bad.pipeline.ts", "// <- ascii"));
    const name = find("invalid-asset-name");
    expect(name.message).toMatch(/^Airflow 3 refuses the asset name "self": prohibited name/);
    expect(name.location).toMatchObject(at("bad.pipeline.ts", "// <- name"));
  });

  it("warns that a password in a URI is dropped, on each line", () => {
    expect(result.diagnostics.filter((d) => d.code === "asset-uri-changed").map((d) => [d.severity, d.path])).toEqual([
      ["warning", "bad.tasks.t.produces[4].uri"],
      ["warning", "bad.tasks.t.produces[4].uri"],
    ]);
  });

  it("refuses one URI (however it is spelled) under two names", () => {
    const d = find("asset-identity-conflict");
    expect(d.message).toMatch(/the asset "s3:\/\/lake\/a" is named "other_a" here and "a" in (one|two)/);
    expect(d.location).toMatchObject(at("bad.pipeline.ts", "// <- renamed"));
  });

  it("refuses partitioned assets on a line without them", () => {
    const d = find("partitioned-assets-unsupported");
    expect(d.message).toMatch(/Airflow 2\.11 has no partitioned assets/);
    expect(d.path).toBe("bad.schedule.partitioned");
  });

  it("writes nothing when there are errors", () => {
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });
});

describe("a project whose assets are right", () => {
  it("compiles without asset diagnostics", () => {
    const root = tempProject({
      "pipelines/lake.ts": lake,
      "pipelines/one.pipeline.ts": `${head}export default pipeline({ id: "one", start: "2026-01-01", catchup: false, schedule: cron("0 1 * * *") },
  (p) => { p.pod("t", { ${IMG}, produces: [a, b] }); });\n`,
      "pipelines/two.pipeline.ts": `${head}export default pipeline({ id: "two", start: "2026-01-01", catchup: false, schedule: onAssets(any(a, b), { orCron: cron("0 6 * * *") }) },
  (p) => { p.pod("t", { ${IMG} }); });\n`,
    });
    const result = compileIn(root);
    expect(result.diagnostics).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "generated/manifest.json"), "utf8"));
    const byId = Object.fromEntries(manifest.pipelines.map((p: { dagId: string }) => [p.dagId, p]));
    expect(byId.one.assets).toEqual({ produces: [{ uri: "s3://lake/a", name: "a", tasks: ["t"] }, { uri: "s3://lake/b", name: "b", tasks: ["t"] }], consumes: [] });
    expect(byId.two.assets).toEqual({ produces: [], consumes: ["s3://lake/a", "s3://lake/b"] });
    expect(byId.two.schedule).toBe("on s3://lake/a | s3://lake/b, or 0 6 * * *");
  });
});
