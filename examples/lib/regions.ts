import type { PipelineBuilder, PodTask } from "airflow-ts";

/** The sales regions; each gets its own task, so one slow region does not hold up the others. */
export const REGIONS = ["emea", "amer", "apac"] as const;
export type Region = (typeof REGIONS)[number];

/** One rollup task per region: the fan-out half of a fan-out/fan-in pipeline. */
export function rollupPerRegion(p: PipelineBuilder, upstream: PodTask, image: string): PodTask[] {
  return REGIONS.map((region) =>
    p
      .pod(`rollup_${region}`, {
        image,
        args: ["rollup", "--region", region, "--date", "{{ ds }}"],
        env: { REGION: region },
        labels: { region },
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
      })
      .after(upstream),
  );
}
