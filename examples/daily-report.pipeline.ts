import { onAssets, pipeline } from "airflow-ts";
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
      args: ["--table", "analytics.daily_sales"],
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
      doc: "Renders the daily sales report from the freshly loaded table and mails it to the sales leads.",
    });
  },
);
