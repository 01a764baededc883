import { cron, ctx, pipeline, secret } from "airflow-ts";
import nightlySalesEtl from "./nightly-sales-etl.pipeline";
import partitionedSales from "./partitioned-sales.pipeline";

const warehouse = secret("warehouse-db");

/**
 * Waits and triggers between pipelines: the dashboard refreshes once the nightly ETL has loaded the day's sales,
 * publishes no earlier than 06:00, and starts a full-refresh run of the partitioned pipeline for EMEA.
 * Other pipelines are referenced by their handles (imported default exports), never by DAG id strings.
 */
export default pipeline(
  {
    id: "sales_dashboard",
    description: "Refreshes the sales dashboard after the nightly ETL has loaded the warehouse",
    owner: "analytics",
    tags: ["sales", "dashboard"],
    // 30 minutes after the nightly ETL's 02:00: each run waits for the ETL run 30 minutes earlier (offset).
    schedule: cron("30 2 * * *", { dataInterval: true }),
    start: "2026-01-01",
    catchup: false,
    defaults: { namespace: "analytics", retries: 1, retryDelay: "5m" },
  },
  (p) => {
    const loaded = p.waitFor(nightlySalesEtl, { id: "wait_for_load", task: "load", offset: "30m", timeout: "4h", pokeInterval: "5m", mode: "reschedule" });
    const refresh = p
      .pod("refresh", {
        image: "ghcr.io/acme/dashboard:2.3.0",
        args: ["refresh", "--day", ctx.ds],
        env: { WAREHOUSE_PASSWORD: warehouse.key("password") },
      })
      .after(loaded);
    const morning = p.waitUntil("06:00", { id: "not_before_six", deferrable: true, timeout: "12h" }).after(refresh);
    p.pod("publish", { image: "ghcr.io/acme/dashboard:2.3.0", args: ["publish", "--day", ctx.ds] }).after(morning);
    p.trigger(partitionedSales, { id: "reprocess_emea", params: { regions: ["emea"], fullRefresh: true } }).after(refresh);
  },
);
