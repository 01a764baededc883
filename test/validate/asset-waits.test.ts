import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { compileIn, lineOf, tempProject } from "../helpers/temp-project";

/**
 * `p.waitFor(asset)`: the asset is checked as every other asset of the project (URI per line, identity), an asset
 * no task of the project produces is the asset graph's warning, a wait is no schedule (no cycle through it), and
 * the wait cannot be deferrable.
 */
const lake = `import { asset } from "airflow-ts";\nexport const a = asset("s3://lake/a", { name: "a" });\nexport const b = asset("s3://lake/b", { name: "b" });\n`;
const head = `import { asset, cron, onAssets, pipeline } from "airflow-ts";\nimport { a, b } from "./lake";\n`;
const IMG = `image: "ghcr.io/acme/x:1.0"`;

describe("asset waits, checked with the project's assets", () => {
  const files: Record<string, string> = {
    "pipelines/lake.ts": lake,
    // maker runs on b and produces a; waiter waits for a and produces b: no cycle, a wait starts no run.
    "pipelines/maker.pipeline.ts": `${head}export default pipeline({ id: "maker", start: "2026-01-01", catchup: false, schedule: onAssets(b) },
  (p) => { p.pod("t", { ${IMG}, produces: [a] }); });\n`,
    "pipelines/waiter.pipeline.ts": `${head}export default pipeline({ id: "waiter", start: "2026-01-01", catchup: false, schedule: cron("0 3 * * *") }, (p) => {
  const ready = p.waitFor(a, { timeout: "2h", pokeInterval: "5m", mode: "reschedule" });
  p.waitFor(asset("s3://lake/elsewhere")); // <- not produced
  p.waitFor(asset("airflow://internal/x"), { id: "reserved" }); // <- reserved
  p.waitFor(a, { id: "deferred", deferrable: true }); // <- deferrable
  p.pod("t", { ${IMG}, produces: [b] }).after(ready);
});\n`,
  };
  const root = tempProject(files);
  const result = compileIn(root);
  const at = (marker: string) => ({ file: path.join(root, "pipelines", "waiter.pipeline.ts"), line: lineOf(files["pipelines/waiter.pipeline.ts"]!, marker) });
  const codes = result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`).sort();

  it("reports each problem at its wait, and nothing for the wait of a produced asset or a cycle through a wait", () => {
    expect(codes).toEqual([
      "error asset-wait-not-deferrable waiter.tasks.deferred.deferrable",
      "error invalid-asset-uri waiter.tasks.reserved.asset.uri",
      "error invalid-asset-uri waiter.tasks.reserved.asset.uri",
      "warning asset-not-produced waiter.tasks.reserved.asset.uri",
      "warning asset-not-produced waiter.tasks.wait_for_elsewhere.asset.uri",
    ]);
  });

  it("warns with the asset graph's wording and says what the wait does without an event", () => {
    const d = result.diagnostics.find((x) => x.code === "asset-not-produced" && x.path?.includes("elsewhere"))!;
    expect(d.message).toBe('no pipeline of this project produces "s3://lake/elsewhere": waiter\'s wait for it succeeds only if something else does (another project, a hand-written DAG, or the REST API), and otherwise times out');
    expect(d.location).toMatchObject(at("// <- not produced"));
    expect(d.hint).toMatch(/produces: \[\.\.\.\]/);
  });

  it("refuses the reserved scheme on both lines, and deferrable with the hint to reschedule", () => {
    const uri = result.diagnostics.filter((x) => x.code === "invalid-asset-uri");
    expect(uri.map((x) => x.message.split(" refuses")[0])).toEqual(["Airflow 3", "Airflow 2.11"]);
    expect(uri[0]!.location).toMatchObject(at("// <- reserved"));
    const deferred = result.diagnostics.find((x) => x.code === "asset-wait-not-deferrable")!;
    expect(deferred.location).toMatchObject(at("// <- deferrable"));
    expect(deferred.hint).toContain('mode: "reschedule"');
  });
});

describe("an asset wait in the outputs", () => {
  it("is a PythonSensor with the asset as its inlet, and the manifest says what it waits for", () => {
    const root = tempProject({
      "pipelines/lake.ts": lake,
      "pipelines/maker.pipeline.ts": `${head}export default pipeline({ id: "maker", start: "2026-01-01", catchup: false, schedule: cron("0 1 * * *") },
  (p) => { p.pod("t", { ${IMG}, produces: [a] }); });\n`,
      "pipelines/waiter.pipeline.ts": `${head}export default pipeline({ id: "waiter", start: "2026-01-01", catchup: false, schedule: cron("0 3 * * *") }, (p) => {
  p.pod("t", { ${IMG} }).after(p.waitFor(a, { timeout: "2h", pokeInterval: "5m", mode: "reschedule", softFail: true }));
});\n`,
    });
    const result = compileIn(root);
    expect(result.diagnostics).toEqual([]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/waiter.py"), "utf8");
    expect(dag).toContain('    a = Asset(name="a", uri="s3://lake/a")');
    expect(dag).toMatch(/wait_for_a = PythonSensor\(\n {8}task_id="wait_for_a",\n {8}python_callable=airflow_ts_asset_updated,\n {8}inlets=\[a\],\n {8}timeout=7200,\n {8}poke_interval=300,\n {8}mode="reschedule",\n {8}soft_fail=True,/);
    expect(dag).toContain("def airflow_ts_asset_updated(inlets, inlet_events, data_interval_start=None, dag_run=None):");
    // Only a file with an asset wait gets the function.
    expect(fs.readFileSync(path.join(root, "generated/dags/maker.py"), "utf8")).not.toContain("airflow_ts_asset_updated");
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "generated/manifest.json"), "utf8"));
    const waiter = manifest.pipelines.find((p: { dagId: string }) => p.dagId === "waiter");
    const wait = waiter.tasks.find((t: { taskId: string }) => t.taskId === "wait_for_a");
    expect(wait.kind).toBe("wait");
    expect(wait.waitsFor).toEqual({ kind: "asset", uri: "s3://lake/a" });
    expect(wait.sensor).toEqual({ timeoutSeconds: 7200, pokeIntervalSeconds: 300, mode: "reschedule", softFail: true, deferrable: false });
  });
});

describe("an asset wait in graph --all and ls", () => {
  const root = tempProject({
    "pipelines/lake.ts": lake,
    "pipelines/maker.pipeline.ts": `${head}export default pipeline({ id: "maker", start: "2026-01-01", catchup: false, schedule: cron("0 1 * * *") },
  (p) => { p.pod("t", { ${IMG}, produces: [a] }); });\n`,
    "pipelines/waiter.pipeline.ts": `${head}export default pipeline({ id: "waiter", start: "2026-01-01", catchup: false, schedule: cron("0 3 * * *") }, (p) => {
  p.pod("t", { ${IMG} }).after(p.waitFor(a));
});\n`,
  });
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: () => undefined, cwd: root });
    return { code, out: out.join("\n") };
  };

  it("draws the asset between its producer and the waiting pipeline, the edge labelled as a wait (it starts no run)", async () => {
    const { code, out } = await run("graph", "--all", "--format", "json");
    expect(code).toBe(0);
    const edges = JSON.parse(out).graph.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`);
    expect(edges).toEqual(["maker>asset:s3://lake/a", "asset:s3://lake/a>waiter"]);
    // The JSON form carries no edge labels; the SVG writes the wait's.
    const svg = await run("graph", "--all");
    expect(svg.out).toContain(">waits for</text>");
  });

  it("says in the task's box and in ls what it waits for", async () => {
    const graph = JSON.parse((await run("graph", "waiter", "--format", "json")).out).graph;
    expect(graph.nodes.find((n: { id: string }) => n.id === "wait_for_a").details).toEqual(["wait · an event of s3://lake/a"]);
    const ls = await run("ls", "--tasks");
    expect(ls.out).toMatch(/wait_for_a\s.*\(waits for s3:\/\/lake\/a\)/);
  });
});
