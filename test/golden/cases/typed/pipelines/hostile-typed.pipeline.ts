import { ctx, literal, pipeline, schedules, z } from "airflow-ts";

/** Groups, results, mapping and templates with the strings that break naive code generators. */
const NASTY = ["it's", 'say "hi"', "back\\slash", "new\nline", "tab\there", "日本語 🚀", "''' triple", "{#not a comment#}"];

export default pipeline(
  { id: "hostile_typed", schedule: schedules.none, start: "2026-01-01", catchup: false },
  (p) => {
    const producer = p.pod("produce", {
      image: "x:1",
      result: z.object({ "it's": z.string(), 'say "hi"': z.number(), "日本": z.boolean(), nested: z.object({ "a\\b": z.string() }) }),
    });
    const list = p.pod("list", { image: "x:1", result: z.array(z.object({ "it's": z.string(), n: z.number() })) });
    p.group("outer-group", (outer) => {
      outer.group("inner_group", (inner) => {
        // Static items are pasted into args, which Airflow renders: literal() keeps template-like items verbatim.
        inner.map("static", { over: NASTY.map(literal), maxParallel: 3 }, (item) => ({ image: "x:1", args: ["--value", item, `prefix-${item}-suffix`] }));
        inner.map("from_result", { over: list.result }, (item) => ({ image: "x:1", args: [item["it's"], `${item.n}'s "n"`, "\\"] }));
      }, { tooltip: 'A tooltip with "quotes", \'apostrophes\' and a \\ backslash' });
      outer.pod("consume", {
        image: "x:1",
        args: [producer.result["it's"], producer.result['say "hi"'], producer.result["日本"], producer.result.nested["a\\b"], ctx.format("logicalDate", "%d'%m\"%Y\\"), literal("{% raw %}{{ x }}{% endraw %}")],
      });
    });
  },
);
