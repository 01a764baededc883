import { cron, pipeline } from "airflow-ts";
import { lakeOrders } from "../lib/assets";

// Run by test/airflow/waits.test.ts after (or without) waits_upstream's run: short timeouts, in poke mode, so
// dag.test() sees each wait succeed or time out within seconds. One fails on its timeout, one skips (softFail).
export default pipeline({ id: "waits_asset_run", schedule: cron("0 6 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  const strict = p.waitFor(lakeOrders, { id: "orders_strict", timeout: "6s", pokeInterval: "1s" });
  const soft = p.waitFor(lakeOrders, { timeout: "6s", pokeInterval: "1s", softFail: true });
  p.pod("report", { image: "ghcr.io/acme/report:1.0.0", triggerRule: "all_done" }).after(strict, soft);
});
