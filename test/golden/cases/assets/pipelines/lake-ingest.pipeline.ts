import { cron, pipeline } from "airflow-ts";
import { customersEu, customersUs, fx, orders } from "./lake-assets";

export default pipeline({ id: "lake_ingest", schedule: cron("0 1 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  const ordersTask = p.pod("orders", { image: "ghcr.io/acme/ingest:1.0.0", args: ["orders"], produces: [orders] });
  p.pod("customers", { image: "ghcr.io/acme/ingest:1.0.0", args: ["customers"], produces: [customersEu, customersUs] }).after(ordersTask);
  p.spark("fx", { type: "Python", image: "ghcr.io/acme/spark-fx:3.5.5-1", mainApplicationFile: "local:///opt/app/fx.py", sparkVersion: "3.5.5", produces: [fx] });
});
