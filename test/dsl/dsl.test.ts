import { describe, expect, it } from "vitest";
import { configMap, cron, every, isPipelineInput, pipeline, schedules, secret, volume } from "../../src/tasks/authoring";

const base = { id: "demo", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false } as const;

describe("pipeline()", () => {
  it("records tasks in declaration order and dependencies from after() and before(), arrays flattened", () => {
    const p = pipeline(base, (b) => {
      const a = b.pod("a", { image: "x:1" });
      const fan = ["b1", "b2"].map((id) => b.pod(id, { image: "x:1" }));
      a.before(fan);
      b.pod("c", { image: "x:1" }).after(fan, "a");
    });
    expect(isPipelineInput(p)).toBe(true);
    expect(p.tasks.map((t) => t.id)).toEqual(["a", "b1", "b2", "c"]);
    expect(p.dependencies.map((d) => `${d.upstream.id}>${d.downstream.id} via ${d.declaredOn}.${d.via}[${d.index}]`)).toEqual([
      "a>b1 via a.before[0]",
      "a>b2 via a.before[1]",
      "b1>c via c.after[0]",
      "b2>c via c.after[1]",
      "a>c via c.after[2]",
    ]);
  });

  it("marks handles of another pipeline as foreign", () => {
    let outside: ReturnType<Parameters<Parameters<typeof pipeline>[1]>[0]["pod"]> | undefined;
    pipeline(base, (b) => void (outside = b.pod("x", { image: "x:1" })));
    const p = pipeline({ ...base, id: "other" }, (b) => void b.pod("y", { image: "x:1" }).after(outside!));
    expect(p.dependencies[0]?.upstream).toEqual({ id: "x", foreign: true });
  });

  it("is recognised across module copies through a registered symbol", () => {
    const p = pipeline(base, () => {});
    expect(Object.getOwnPropertySymbols(p).map(String)).toEqual(["Symbol(airflow-ts.pipeline)"]);
    expect(isPipelineInput({ ...p })).toBe(true);
    expect(isPipelineInput({ options: base, tasks: [] })).toBe(false);
  });
});

describe("references", () => {
  it("secret and configMap keys and whole-object sources carry names, never values", () => {
    expect(secret("db").key("password")).toEqual({ kind: "secretKey", secret: "db", key: "password", optional: false });
    expect(configMap("cfg").key("url", { optional: true })).toEqual({ kind: "configMapKey", configMap: "cfg", key: "url", optional: true });
    expect(secret("db").all({ prefix: "DB_" })).toEqual({ kind: "secret", name: "db", prefix: "DB_", optional: false });
  });

  it("volume claims mount with path, subPath and readOnly", () => {
    const v = volume.claim("etl-raw", { name: "raw" });
    expect(v).toMatchObject({ kind: "persistentVolumeClaim", claimName: "etl-raw", name: "raw" });
    expect(v.at("/data", { subPath: "x", readOnly: true })).toEqual({ volume: v, path: "/data", subPath: "x", readOnly: true });
  });
});

describe("schedules", () => {
  it.each([
    [cron("0 2 * * *"), { kind: "cron", expression: "0 2 * * *", dataInterval: false }],
    [cron("0 2 * * *", { dataInterval: true }), { kind: "cron", expression: "0 2 * * *", dataInterval: true }],
    [every("6h"), { kind: "interval", every: "6h", dataInterval: false }],
    [schedules.daily, { kind: "cron", expression: "0 0 * * *", dataInterval: false }],
    [schedules.none, { kind: "preset", preset: "none" }],
  ])("%j", (given, want) => expect(given).toEqual(want));
});
