import { pipeline, schedules, z } from "airflow-ts";

// Every kind of param the trigger form shows, and tasks that read them. Manual only, so one may be required.
export default pipeline(
  {
    id: "params_form",
    schedule: schedules.none,
    start: "2026-01-01",
    catchup: false,
    params: z.object({
      region: z.enum(["emea", "amer", "apac"]).default("emea").describe("Sales region to rebuild"),
      batch_size: z.number().int().min(100).max(100_000).default(5_000).describe("Rows per insert"),
      ratio: z.number().gt(0).lte(1).default(0.5),
      table: z.string().min(3).max(63).regex(/^[a-z_][a-z0-9_]*$/).describe("Target table, e.g. daily_sales"),
      day: z.iso.date().optional().describe("Day to rebuild; empty means the run's ds"),
      full_refresh: z.boolean().default(false),
      partitions: z.array(z.string()).min(1).default(["p0"]),
      note: z.string().default("quotes ' \" and {{ braces }} stay \\ literal"),
    }),
  },
  (p) => {
    p.pod("rebuild", {
      image: "ghcr.io/acme/rebuild:1.0.0",
      args: ["--region", p.params.region, "--batch-size", p.params.batch_size, "--table", p.params.table, "--day", p.params.day],
    });
  },
);
