// Type-level tests of results, mapping, groups and context helpers: `npm run typecheck` fails if an
// expected-error line below stops being an error (each marks a mistake that must not compile).
import { ctx, cron, literal, pipeline, z } from "../../src/tasks/authoring";

pipeline({ id: "typed_airflow", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  const extract = p.pod("extract", { image: "x:1", result: z.object({ rows: z.number(), stats: z.object({ bytes: z.number() }), files: z.array(z.string()) }) });
  const list = p.pod("list", { image: "x:1", result: z.array(z.object({ region: z.string(), day: z.string() })) });
  const names = p.pod("names", { image: "x:1", result: z.array(z.string()) });
  const plain = p.pod("plain", { image: "x:1" });

  // Typed references: declared fields, nested fields; `after` keeps the result's type.
  p.pod("load", { image: "x:1", args: [extract.result.rows, extract.result.stats.bytes, extract.result.files, ctx.ds, literal("{{ x }}")] }).after(plain);
  const chained = p.pod("chained", { image: "x:1", result: z.object({ ok: z.boolean() }) }).after(extract);
  p.pod("uses_chained", { image: "x:1", args: [chained.result.ok] });
  // @ts-expect-error a field the producer does not declare
  p.pod("typo", { image: "x:1", args: [extract.result.rowz] });
  // @ts-expect-error a task without a result has no result to read
  p.pod("no_result", { image: "x:1", args: [plain.result.rows] });
  // @ts-expect-error an object field is not a string: pick one of its fields
  p.pod("whole_object", { image: "x:1", args: [extract.result.stats] });

  // Mapping: items typed from the list, or from the producer's list result.
  p.map("per_region", { over: list.result, maxParallel: 2 }, (item) => ({ image: "x:1", args: ["--region", item.region, "--day", item.day] }));
  p.map("per_name", { over: names.result }, (name) => ({ image: "x:1", args: [name] }));
  p.map("static", { over: [{ table: "a", n: 1 }, { table: "b", n: 2 }] }, (item) => ({ image: "x:1", args: [item.table, item.n] }));
  // @ts-expect-error an item field the list's items do not have
  p.map("item_typo", { over: list.result }, (item) => ({ image: "x:1", args: [item.regoin] }));
  // @ts-expect-error only a list result can be mapped over, not an object one
  p.map("over_object", { over: extract.result }, (item) => ({ image: "x:1", args: [String(item)] }));
  // @ts-expect-error a list field of a result is not mappable (Airflow maps over a task's whole result)
  p.map("over_field", { over: extract.result.files }, (item) => ({ image: "x:1", args: [item] }));
  // @ts-expect-error items are text, numbers or flat objects of them
  p.map("nested_items", { over: [{ a: { b: 1 } }] }, () => ({ image: "x:1" }));

  // Groups take the same builder, nested.
  p.group("outer", (g) => {
    g.group("inner", (h) => h.pod("deep", { image: "x:1", args: [extract.result.rows] }));
  }, { tooltip: "t" });

  // @ts-expect-error ctx.format takes one of the run's dates
  p.pod("bad_date", { image: "x:1", args: [ctx.format("yesterday", "%Y")] });
  // @ts-expect-error removed context helpers do not exist
  p.pod("removed", { image: "x:1", args: [ctx.executionDate] });
});
