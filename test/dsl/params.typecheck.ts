// Type-level tests of params: `npm run typecheck` fails if an @ts-expect-error line stops being an error.
import { cron, pipeline, z } from "../../src/tasks/authoring";

pipeline(
  { id: "typed_params", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false, params: z.object({ region: z.enum(["emea", "amer"]).default("emea"), batchSize: z.number().default(10) }) },
  (p) => {
    p.pod("ok", { image: "x:1", args: ["--region", p.params.region, "--batch-size", p.params.batchSize] });
    // @ts-expect-error a param the schema does not declare
    p.pod("typo", { image: "x:1", args: [p.params.regoin] });
  },
);

pipeline({ id: "no_params", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  // @ts-expect-error a pipeline without params has none to read
  p.pod("none", { image: "x:1", args: [p.params.region] });
});

// @ts-expect-error option names are still checked next to params
pipeline({ id: "typo_option", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false, params: z.object({}), scheduel: "x" }, () => {});
