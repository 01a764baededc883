import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { runWithoutCompiler } from "../../src/cli/commands";
import { pipelineModule, tempProject } from "../helpers/temp-project";

const REPO = path.resolve(__dirname, "../..");

const DAILY = pipelineModule(
  `const list = p.pod("list_parts", {
    image: "ghcr.io/acme/parts:1.0",
    args: ["--day", ctx.ds, "--regions", p.params.regions, "--batch", p.params.batch],
    result: z.array(z.string()),
  });
  p.map("each_part", { over: list.result }, (part) => ({ image: "busybox:1.36", args: [part] }));
  p.map("per_region", { over: ["emea", "amer"] }, (region) => ({ image: "busybox:1.36", args: ["--region", region, "--day", ctx.ds] }));
  const count = p.pod("count", { image: "busybox:1.36", result: z.object({ rows: z.number().int() }) });
  p.pod("report", { image: "busybox:1.36", args: ["--rows", count.result.rows, "--day", ctx.ds] });`,
  {
    id: `"daily"`,
    params: `z.object({ regions: z.array(z.string()).default(["emea"]), batch: z.number().int().min(100).default(500) })`,
  },
).replace(`import { configMap,`, `import { ctx, z, configMap,`);

async function run(root: string, argv: string[], env: Record<string, string | undefined> = process.env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root, env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("airflow-ts render: the pods real Airflow creates for a run", () => {
  const root = tempProject({ "pipelines/daily.pipeline.ts": DAILY });
  // The same venv `airflow-ts env setup` makes (same cache and key): the test suite's own, created from the lock.
  beforeAll(() => {
    for (const line of ["airflow3", "airflow2"]) execFileSync(path.join(REPO, "test/airflow/setup-env.sh"), [line], { stdio: ["ignore", "pipe", "inherit"] });
  });

  it("renders the templates for the date and applies the params; a list-mapped task once per item; one needing a result not given is listed with the --xcom it needs", async () => {
    const { code, out, err } = await run(root, ["render", "daily", "--date", "2026-03-01", "--param", 'regions=["amer","apac"]', "--param=batch=1000"]);
    expect(code).toBe(0);
    const pod = out.split("---\n").map((d) => parse(d)).find((d) => d.metadata.labels.task_id === "list_parts");
    expect(pod.metadata.name).toBe("list-parts-<random>");
    expect(pod.metadata.labels).toMatchObject({ dag_id: "daily", task_id: "list_parts" });
    expect(pod.spec.containers[0].image).toBe("ghcr.io/acme/parts:1.0");
    expect(pod.spec.containers[0].args).toEqual(["--day", "2026-03-01", "--regions", '["amer", "apac"]', "--batch", "1000"]);
    expect(out).toMatch(/^# daily\.list_parts, run .* rendered by Airflow 3\.3\.2$/m);
    expect(err).toMatch(/not rendered: each_part: is mapped over the result of list_parts, .*give it with --xcom list_parts=<json>/);
    expect(err).toMatch(/not rendered: report: reads the result of count, .*give it with --xcom count=<json>/);
    const docs = out.split("---\n").map((d) => parse(d));
    expect(docs.map((d) => d.metadata.labels.task_id)).toEqual(["count", "list_parts", "per_region", "per_region"]);
    expect(docs.slice(2).map((d) => d.spec.containers[0].args)).toEqual([["--region", "emea", "--day", "2026-03-01"], ["--region", "amer", "--day", "2026-03-01"]]);
    expect(docs.slice(2).map((d) => d.metadata.labels.map_index)).toEqual(["0", "1"]);
  });

  // Both lines: the item function and the template pull are the generated file's, run by each Airflow.
  it.each([["3", "3.3.2"], ["2", "2.11.2"]])("--xcom gives upstream results: a task mapped over one gets a pod per item, a template pulling one reads it (Airflow %s)", async (airflow, version) => {
    const { code, out, err } = await run(root, ["render", "daily", "--date", "2026-03-01", "--airflow", airflow, "--xcom", 'list_parts=["p-1","p-2","p-3"]', "--xcom", 'count={"rows":42}', "--format", "json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: true, airflowVersion: version, notRendered: {} });
    const args = (key: string) => report.pods[key].spec.containers[0].args;
    expect(Object.keys(report.pods).filter((k) => k.startsWith("each_part"))).toEqual(["each_part[0]", "each_part[1]", "each_part[2]"]);
    expect([args("each_part[0]"), args("each_part[1]"), args("each_part[2]")]).toEqual([["p-1"], ["p-2"], ["p-3"]]);
    expect(report.pods["each_part[2]"].metadata.labels.map_index).toBe("2");
    expect(args("report")).toEqual(["--rows", "42", "--day", "2026-03-01"]);
  });

  it("a param Airflow refuses: its message, exit 1; --format json carries the pods and the error", async () => {
    const bad = await run(root, ["render", "daily", "list_parts", "--date", "2026-03-01", "--param", "batch=5"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Airflow 3\.3\.2 refused: list_parts: .*batch/s);
    const json = await run(root, ["render", "daily", "list_parts", "--date", "2026-03-01", "--format", "json"]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ version: 1, command: "render", ok: true, dagId: "daily", airflowVersion: "3.3.2", notRendered: {} });
    expect(report.pods.list_parts.spec.containers[0].args).toEqual(["--day", "2026-03-01", "--regions", '["emea"]', "--batch", "500"]);
  });

  it("without the virtualenv, or without Python, says what to do", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-cache-"));
    const noVenv = await run(root, ["render", "daily", "--date", "2026-03-01"], { ...process.env, AIRFLOW_TS_CACHE: empty });
    expect(noVenv.code).toBe(1);
    expect(noVenv.err).toMatch(/run `npx airflow-ts env setup` first/);
    const noPython = await run(root, ["render", "daily", "--date", "2026-03-01"], { ...process.env, AIRFLOW_TS_PYTHON: "/nonexistent/python3" });
    expect(noPython.code).toBe(1);
    expect(noPython.err).toMatch(/sudo apt-get install python3 python3-venv/);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {}, cwd: root, env: { ...process.env, AIRFLOW_TS_CACHE: empty } };
    expect(runWithoutCompiler(["env", "path", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ version: 1, command: "env", ok: true, line: "airflow3", ready: false, venv: expect.stringMatching(new RegExp(`^${empty}/venvs/airflow3-[0-9a-f]{16}$`)) });
  });

  it("bad usage: no --date, an unknown task", async () => {
    expect((await run(root, ["render", "daily"])).err).toMatch(/--date is required/);
    const unknown = await run(root, ["render", "daily", "list_part", "--date", "2026-03-01"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/daily has no task "list_part"; did you mean "list_parts"\?/);
    const xcomOfNone = await run(root, ["render", "daily", "--date", "2026-03-01", "--xcom", "list_part=[]"]);
    expect(xcomOfNone.code).toBe(2);
    expect(xcomOfNone.err).toMatch(/--xcom list_part: daily has no task "list_part"; did you mean "list_parts"\?/);
    const xcomOfNoResult = await run(root, ["render", "daily", "--date", "2026-03-01", "--xcom", "report=1"]);
    expect(xcomOfNoResult.code).toBe(2);
    expect(xcomOfNoResult.err).toMatch(/--xcom report: report pushes no result/);
  });
});
