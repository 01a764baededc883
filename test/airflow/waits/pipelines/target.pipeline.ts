import { pipeline, schedules, z } from "airflow-ts";

export default pipeline(
  {
    id: "waits_target",
    schedule: schedules.none,
    start: "2026-01-01",
    catchup: false,
    params: z.object({ region: z.enum(["emea", "amer"]), epochs: z.number().int().default(10), tags: z.array(z.string()).default([]) }),
  },
  (p) => void p.pod("train", { image: "ghcr.io/acme/train:1.0.0" }),
);
