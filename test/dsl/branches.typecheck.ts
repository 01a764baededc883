// Type-level tests of branches: `npm run typecheck` fails if an expected-error line below stops being an error
// (each marks a mistake that must not compile).
import { cron, pipeline, z } from "../../src/tasks/authoring";

pipeline({ id: "typed_branches", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  const check = p.pod("check", {
    image: "x:1",
    result: z.object({ ok: z.boolean(), tier: z.enum(["gold", "silver"]), level: z.union([z.literal(1), z.literal(2)]), note: z.string(), rows: z.number() }),
  });
  const plain = p.pod("plain", { image: "x:1" });
  const a = p.pod("a", { image: "x:1" });
  const b = p.pod("b", { image: "x:1" });

  // The cases are the field's values: every one, no other.
  p.when(check.result.ok, { then: [a], else: [] });
  p.switch(check.result.tier, { gold: [a], silver: [b] });
  p.switch(check.result.level, { 1: [a], 2: ["b"] }, { id: "by_level", retries: 1 });
  p.continueIf(check.result.ok, { then: [a] }, { ignoreDownstreamTriggerRules: false });
  // Typed fields stay strings for the tasks that read them.
  p.pod("reads", { image: "x:1", args: [check.result.tier, check.result.ok] });

  // @ts-expect-error a case missing: silver
  p.switch(check.result.tier, { gold: [a] });
  // @ts-expect-error a case the enum does not have
  p.switch(check.result.tier, { gold: [a], silver: [b], bronze: [] });
  // @ts-expect-error when decides on a boolean, not an enum
  p.when(check.result.tier, { then: [a], else: [b] });
  // @ts-expect-error nor on a number
  p.continueIf(check.result.rows, { then: [a] });
  // @ts-expect-error when needs both paths
  p.when(check.result.ok, { then: [a] });
  // @ts-expect-error a task without a result has no field to decide on
  p.when(plain.result.ok, { then: [a], else: [b] });
  // @ts-expect-error a path is a list of tasks
  p.when(check.result.ok, { then: a, else: [b] });
});
