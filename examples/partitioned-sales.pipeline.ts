import { ctx, cron, literal, pipeline, secret, volume, z } from "airflow-ts";

/** The day's partitions, written by list_partitions and the transforms, read by load. */
const lake = volume.claim("sales-lake", { create: { size: "100Gi", accessModes: ["ReadWriteMany"] } });
const warehouse = secret("warehouse-db");
const IMAGE = "ghcr.io/acme/partitions:1.3.0";

export default pipeline(
  {
    id: "partitioned_sales",
    description: "Each day's orders per region partition: listed, transformed in parallel, checked, then loaded or quarantined",
    docs: "## Partitioned sales\n\nBackfill a range from the UI: each day is one run. Trigger with other params to reprocess some regions.",
    owner: "data-platform",
    tags: ["sales", "partitions"],
    schedule: cron("30 3 * * *", { dataInterval: true }),
    start: "2026-01-01",
    catchup: true,
    maxActiveRuns: 3,
    params: z.object({
      regions: z.array(z.enum(["emea", "amer", "apac"])).min(1).default(["emea", "amer", "apac"]).describe("Regions to process"),
      fullRefresh: z.boolean().default(false).describe("Rebuild the day's partitions instead of appending"),
      batchSize: z.number().int().min(100).max(100_000).default(5_000).describe("Rows per warehouse insert"),
    }),
    defaults: {
      namespace: "data",
      serviceAccount: "etl-runner",
      retries: 2,
      retryDelay: "5m",
      imagePullSecrets: ["ghcr-pull"],
      podCleanup: "delete_succeeded_pod",
    },
  },
  (p) => {
    const partitions = p.pod("list_partitions", {
      image: IMAGE,
      args: ["list", "--day", ctx.ds, "--regions", p.params.regions, "--out", "/airflow/xcom/return.json"],
      mounts: [lake.at("/lake", { readOnly: true })],
      // One object per partition of the day: the transform below runs once for each.
      result: z.array(z.object({ region: z.string(), path: z.string() })),
      doc: "Lists the day's partitions in the lake (one per region with orders) as the task's result.",
    });

    const transform = p.map("transform", { over: partitions.result, maxParallel: 2 }, (partition) => ({
      image: IMAGE,
      args: ["transform", "--region", partition.region, "--in", partition.path],
      // Arguments mapped from a result are not templates: run-dependent values come through env.
      env: { DAY: ctx.ds, FULL_REFRESH: p.params.fullRefresh, RUN_ID: ctx.runId },
      mounts: [lake.at("/lake")],
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
      doc: "Cleans and aggregates one partition; at most two run at once.",
    }));

    const summary = p.pod("summarize", {
      image: IMAGE,
      args: ["summarize", "--day", ctx.ds, "--since", ctx.dsAdd(-7)],
      mounts: [lake.at("/lake", { readOnly: true })],
      result: z.object({ rows: z.number().int(), regions: z.array(z.string()), complete: z.boolean() }),
      doc: "Counts the day's clean rows per region and flags whether every listed partition arrived.",
    }).after(transform);

    p.group("publish", (g) => {
      const checks = g.map("check", { over: ["row_counts", "null_rates", "freshness"], maxParallel: 2 }, (check) => ({
        image: IMAGE,
        args: ["check", check, "--day", ctx.ds],
        mounts: [lake.at("/lake", { readOnly: true })],
      }));
      // The quality gate reads the checks' reports and gives a verdict, which decides the run's path below.
      const gate = g.pod("quality_gate", {
        image: IMAGE,
        args: ["gate", "--day", ctx.ds],
        mounts: [lake.at("/lake", { readOnly: true })],
        result: z.object({ verdict: z.enum(["pass", "warn", "fail"]), failedChecks: z.array(z.string()) }),
        doc: "Weighs the checks' reports: pass, warn (load, but tell the owners) or fail (quarantine the day).",
      }).after(checks);
      const load = g.pod("load", {
        image: IMAGE,
        // Typed references: the summary's fields, pulled from XCom; load runs after summarize because of them.
        args: ["load", "--day", ctx.ds, "--expected-rows", summary.result.rows, "--regions", summary.result.regions, "--batch-size", p.params.batchSize],
        env: { WAREHOUSE_PASSWORD: warehouse.key("password") },
        mounts: [lake.at("/lake", { readOnly: true })],
        pool: "warehouse",
      });
      const notify = g.pod("notify", {
        image: IMAGE,
        // The notifier fills its own {{placeholders}}: literal() keeps Airflow's Jinja away from them.
        args: ["notify", "--template", literal("Loaded {{rows}} rows for {{day}}"), "--rows", summary.result.rows, "--day", ctx.format("dataIntervalStart", "%d %b %Y")],
      }).after(load);
      const quarantine = g.pod("quarantine", {
        image: IMAGE,
        args: ["quarantine", "--day", ctx.ds, "--failed", gate.result.failedChecks],
        mounts: [lake.at("/lake")],
        doc: "Moves the day's partitions aside and opens a ticket with the failed checks.",
      });
      // One case per verdict (the enum's values: a missing or misspelt one does not compile).
      g.switch(gate.result.verdict, { pass: [load], warn: [load], fail: [quarantine] }, { id: "route_by_quality" });
      // After both paths: a join, which gets the trigger rule none_failed_min_one_success and runs after either.
      g.pod("record_outcome", { image: IMAGE, args: ["record", "--day", ctx.ds, "--verdict", gate.result.verdict] }).after(notify, quarantine);
    }, { tooltip: "Quality checks and gate, then the warehouse load and the notification, or the quarantine" });
  },
);
