import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

async function run(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const NIGHTLY = pipelineModule(
  `const extract = p.pod("extract", { image: "ghcr.io/acme/extract:1.0" });
  const load = p.pod("load", { image: "ghcr.io/acme/load:2.0" }).after(extract);
  p.map("fan", { over: ["a", "b"], maxParallel: 1 }, (item) => ({ image: "busybox:1.36", args: [item] })).after(load);`,
  { id: `"nightly"`, schedule: `cron("0 2 * * *", { dataInterval: true })` },
);
const HOURLY = pipelineModule(`p.pod("ping", { image: "busybox:1.36" });`, { id: `"hourly"`, schedule: `every("1h")`, timezone: `"Europe/Berlin"` });

describe("airflow-ts ls", () => {
  const root = tempProject({ "pipelines/nightly.pipeline.ts": NIGHTLY, "pipelines/hourly.pipeline.ts": HOURLY });
  const NOW = "--now=2026-03-05T10:20:00Z";

  it("lists each pipeline with its schedule, next run in its timezone, task count and source line", async () => {
    const { code, out } = await run(root, "ls", NOW);
    expect(code).toBe(0);
    expect(out.split("\n")).toEqual([
      "PIPELINE  SCHEDULE                                    NEXT RUN                        TASKS  SOURCE",
      "hourly    every 1h                                    2026-03-05 12:00 Europe/Berlin  1      pipelines/hourly.pipeline.ts:2",
      "nightly   0 2 * * * UTC, at the end of each interval  2026-03-06 02:00 UTC            3      pipelines/nightly.pipeline.ts:2",
    ]);
  });

  it("--tasks adds each task's kind, image, dependencies and mapping", async () => {
    const { out } = await run(root, "ls", "--tasks", NOW);
    expect(out).toContain("    extract  pod  ghcr.io/acme/extract:1.0\n");
    expect(out).toContain("    load     pod  ghcr.io/acme/load:2.0     after extract\n");
    expect(out).toContain("    fan      pod  busybox:1.36              after load     mapped over 2 items, max 1 at once");
  });

  it("--format json: one versioned object with the pipelines and, with --tasks, their tasks", async () => {
    const { code, out, err } = await run(root, "ls", "--tasks", "--format", "json", NOW);
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ version: 1, command: "ls", ok: true, now: "2026-03-05T10:20:00.000Z", diagnostics: [] });
    expect(report.pipelines[1]).toMatchObject({ dagId: "nightly", timezone: "UTC", nextRun: "2026-03-06T02:00:00", taskCount: 3, source: "pipelines/nightly.pipeline.ts:2" });
    expect(report.pipelines[1].tasks[2]).toEqual({ taskId: "fan", kind: "pod", group: null, upstream: ["load"], mapped: { over: "list", maxParallel: 1 }, source: `pipelines/nightly.pipeline.ts:${lineOf(NIGHTLY, `p.map("fan"`)}`, image: "busybox:1.36" });
  });

  it("invalid pipelines: the diagnostics, exit 1; a bad --now is bad usage", async () => {
    const bad = tempProject({ "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "busybox:1.36" }).after("ghost");`) });
    const text = await run(bad, "ls");
    expect(text.code).toBe(1);
    expect(text.err).toMatch(/unknown-upstream/);
    const json = await run(bad, "ls", "--format", "json");
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, diagnostics: [{ code: "unknown-upstream" }] });
    expect((await run(bad, "ls", "--now", "tomorrow")).code).toBe(2);
  });
});
