import { onAssets, pipeline, triggeringEvents } from "airflow-ts";
import { dailySales } from "./lib/warehouse-assets";

/** Runs when the nightly ETL has loaded the warehouse's daily sales, not at a guessed time after it. */
export default pipeline(
  {
    id: "daily_sales_report",
    description: "The sales report, rendered when analytics.daily_sales has been refreshed",
    owner: "analytics",
    tags: ["sales", "report"],
    schedule: onAssets(dailySales),
    start: "2026-01-01",
    catchup: false,
    defaults: { namespace: "analytics", retries: 2, retryDelay: "10m" },
  },
  (p) => {
    p.pod("render_report", {
      image: "ghcr.io/acme/sales-report:1.3.0",
      // Which load this report is about: the run id of the ETL run whose event of the table started this run.
      args: ["--table", "analytics.daily_sales", "--loaded-by", triggeringEvents(dailySales).sourceRunId],
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
      doc: "Renders the daily sales report from the freshly loaded table and mails it to the sales leads.",
    });
  },
);
