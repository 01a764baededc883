import { cron, pipeline } from "airflow-ts";

export default pipeline({ id: "waits_upstream", schedule: cron("0 4 * * *"), timezone: "Europe/Berlin", start: "2026-01-01", catchup: false }, (p) => {
  p.group("warehouse", (g) => void g.pod("load", { image: "ghcr.io/acme/load:1.0.0" }));
});
