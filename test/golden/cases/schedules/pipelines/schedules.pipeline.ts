import { cron, every, pipeline, schedules, type Schedule } from "airflow-ts";

/** One tiny pipeline per schedule kind, exported together: a module may export an array of pipelines. */
const kinds: [string, Schedule, number?][] = [
  ["sched_cron_trigger", cron("*/15 8-18 * * mon-fri")],
  ["sched_cron_interval", cron("0 2 * * *", { dataInterval: true })],
  ["sched_preset_daily", schedules.daily],
  ["sched_cron_at_preset", cron("@weekly")],
  ["sched_every_trigger", every("6h")],
  ["sched_every_interval", every("1d", { dataInterval: true })],
  ["sched_once", schedules.once],
  ["sched_continuous", schedules.continuous, 1],
  ["sched_none", schedules.none],
];

export default kinds.map(([id, schedule, maxActiveRuns]) =>
  pipeline({ id, schedule, start: "2026-01-01", catchup: false, ...(maxActiveRuns && { maxActiveRuns }) }, (p) => {
    p.pod("only", { image: "busybox:1.36", command: ["true"] });
  }),
);
