import { all, any, cron, onAssets, pipeline, triggeringEvents } from "airflow-ts";
import { customersEu, customersUs, fx, orders } from "./lake-assets";

const salesReport = pipeline(
  { id: "sales_report", schedule: onAssets(all(orders, any(customersEu, customersUs))), start: "2026-01-01", catchup: false },
  (p) => {
    p.pod("report", {
      image: "ghcr.io/acme/report:2.1.0",
      args: ["--format", triggeringEvents(orders).extra("format"), "--source-run", triggeringEvents(orders).sourceRunId],
    });
  },
);

const fxRefresh = pipeline(
  { id: "fx_refresh", schedule: onAssets(fx, { orCron: cron("0 6 * * *") }), start: "2026-01-01", catchup: false },
  (p) => {
    p.pod("refresh", { image: "ghcr.io/acme/fx:1.0.0", env: { SOURCE_DAG: triggeringEvents(fx).sourceDagId } });
  },
);

export default [salesReport, fxRefresh];
