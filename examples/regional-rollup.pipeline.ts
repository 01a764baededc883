import { pipeline, schedules, secret } from "airflow-ts";
import { rollupPerRegion } from "./lib/regions";

const warehouse = secret("warehouse-db");

export default pipeline(
  {
    id: "regional_sales_rollup",
    description: "Per-region daily rollups in parallel, then one global report",
    owner: "analytics",
    tags: ["sales", "regions"],
    schedule: schedules.daily,
    start: "2026-03-01",
    timezone: "Europe/Berlin",
    catchup: false,
    maxActiveTasks: 8,
    defaults: {
      namespace: "analytics",
      retries: 2,
      retryDelay: "2m",
      nodeSelector: { "node-pool": "batch" },
    },
  },
  (p) => {
    const snapshot = p.pod("snapshot", {
      image: "ghcr.io/acme/rollup:5.1.0",
      args: ["snapshot", "--date", "{{ ds }}"],
      envFrom: [warehouse.all({ prefix: "WAREHOUSE_" })],
    });
    const regions = rollupPerRegion(p, snapshot, "ghcr.io/acme/rollup:5.1.0");
    p.pod("global_report", {
      image: "ghcr.io/acme/rollup:5.1.0",
      args: ["report", "--date", "{{ ds }}", "--regions", "emea,amer,apac"],
      triggerRule: "all_success",
      priorityWeight: 10,
    }).after(regions);
  },
);
