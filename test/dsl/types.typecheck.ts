/**
 * Type-level tests, checked by `npm run typecheck` (part of `npm test`): every `@ts-expect-error` line must
 * fail to compile, or tsc reports the directive as unused. What must not compile matters as much as what must.
 */
import { cron, every, pipeline, secret, volume } from "../../src/tasks/authoring";

const base = { id: "t", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false } as const;

pipeline(base, (p) => {
  const raw = volume.claim("raw");
  const a = p.pod("a", {
    image: "x:1",
    env: { A: "plain", B: secret("s").key("k") },
    mounts: [raw.at("/data", { readOnly: true })],
    resources: { requests: { cpu: "500m", memory: 1024 }, limits: { "nvidia.com/gpu": 1 } },
    retryDelay: "1h30m",
  });
  p.pod("b", { image: "x:1" }).after(a, "a", [a]);

  // @ts-expect-error image is required
  p.pod("c", {});
  // @ts-expect-error unknown option (typo of retries)
  p.pod("d", { image: "x:1", retires: 3 });
  // @ts-expect-error retries is a number
  p.pod("e", { image: "x:1", retries: "3" });
  // @ts-expect-error durations carry a unit
  p.pod("f", { image: "x:1", retryDelay: "5" });
  // @ts-expect-error env values are strings or Secret/ConfigMap keys, not numbers
  p.pod("g", { image: "x:1", env: { PORT: 8080 } });
  // @ts-expect-error a bare resource name without a domain is not an extended resource
  p.pod("h", { image: "x:1", resources: { limits: { gpu: 1 } } });
  // @ts-expect-error pod cleanup is one of the provider's on_finish_action values
  p.pod("i", { image: "x:1", podCleanup: "delete" });
  // @ts-expect-error trigger rules removed in Airflow 3 are not offered
  p.pod("j", { image: "x:1", triggerRule: "none_failed_or_skipped" });
  // @ts-expect-error mounts need a path
  p.pod("k", { image: "x:1", mounts: [{ volume: raw }] });
});

// @ts-expect-error schedule, start and catchup are required (their defaults differ between Airflow 2 and 3)
pipeline({ id: "u" }, () => {});
// @ts-expect-error dates are ISO strings
pipeline({ ...base, start: new Date() }, () => {});
// @ts-expect-error every() takes a duration with a unit
every(3600);
