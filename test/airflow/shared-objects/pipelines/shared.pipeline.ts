import { cron, pipeline, secret, volume } from "airflow-ts";

const db = secret("db");
const raw = volume.claim("raw");

// Two tasks with the same env, mounts and resources: the plain objects are shared, the templated ones
// (rendered in place by the operator, with each task's own context) must not be.
export default pipeline({ id: "shared_objects", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  const spec = (step: string) => ({
    image: "ghcr.io/acme/step:1.0",
    args: ["--step", step],
    env: { DB_PASSWORD: db.key("password"), MODE: "batch", TASK: "{{ task.task_id }}", DAY: "{{ ds }}" },
    mounts: [raw.at("/data")],
    resources: { requests: { cpu: "250m", memory: "512Mi" } },
  });
  const first = p.pod("first", spec("1"));
  p.pod("second", spec("2")).after(first);
});
