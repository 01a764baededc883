import { cron, ctx, delta, pipeline } from "airflow-ts";
import target from "./target.pipeline";
import upstream from "./upstream.pipeline";

export default pipeline({ id: "waits_waiter", schedule: cron("30 5 * * *"), timezone: "Europe/Berlin", start: "2026-01-01", catchup: false }, (p) => {
  const task = p.waitFor(upstream, { task: "warehouse.load", offset: "1h30m", timeout: "2h", pokeInterval: "5m", mode: "reschedule", softFail: true });
  const run = p.waitFor(upstream, { id: "whole_run", offset: "1h30m", deferrable: true, retries: 2 });
  const morning = p.waitUntil("06:15:30");
  const later = p.waitUntil("07:00", { id: "later_deferred", deferrable: true, timeout: "6h" });
  const settle = p.waitFor(delta("45m"), { pokeInterval: "1m" });
  const settleDeferred = p.waitFor(delta("1h"), { id: "settle_deferred", deferrable: true });
  p.group("ml", (g) => {
    g.trigger(target, { params: { region: "emea", epochs: 3, tags: ["nightly", ctx.ds] }, waitForCompletion: true, pokeInterval: "30s", deferrable: true, resetRun: true, logicalDate: ctx.logicalDate }).after(task, run);
    g.trigger(target, { id: "fire_and_forget", params: { region: "amer" } }).after(morning, later, settle, settleDeferred);
  });
});
