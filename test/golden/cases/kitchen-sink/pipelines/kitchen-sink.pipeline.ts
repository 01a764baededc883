import { configMap, every, pipeline, secret, volume } from "airflow-ts";

// Strings that would break or escape a naive Python literal. Every one must reach the pod verbatim.
const HOSTILE = [
  `it's "quoted"`,
  "back\\slash \\n not-a-newline",
  "line one\nline two\r\n\ttabbed",
  "unicode: é ü ß 日本語 🚀 👩‍💻",
  "triple ''' and \"\"\" quotes",
  "percent %s %(x)s and ${notJs} and {curly}",
  '"); import os; os.system("touch /tmp/airflow-ts-pwned"); ("',
  "\u2028line separator\u2029 and \u0007 bell and \u200b zero-width",
];

const scratch = volume.claim("scratch-space", { name: "scratch" });
const creds = secret("api-creds");
const cfg = configMap("app-config");

export default pipeline(
  {
    id: "kitchen_sink",
    description: `Every option at once; description with "quotes" and 'apostrophes'`,
    docs: "# Docs\n\n```\n{{ not rendered here }}\n```\n" + HOSTILE.join("\n"),
    owner: "qa",
    tags: ["golden", "everything", "tag with spaces"],
    schedule: every("1h30m", { dataInterval: true }),
    start: "2026-05-01T06:30",
    end: "2027-05-01",
    timezone: "America/New_York",
    catchup: false,
    maxActiveRuns: 2,
    maxActiveTasks: 5,
    runTimeout: "3h",
    pausedOnCreation: true,
    volumes: [scratch],
    defaults: {
      owner: "qa-defaults",
      namespace: "qa",
      serviceAccount: "qa-runner",
      labels: { team: "qa", "example.com/tier": "gold" },
      annotations: { "example.com/note": HOSTILE.join(" | ") },
      nodeSelector: { "node-pool": "general" },
      imagePullPolicy: "IfNotPresent",
      imagePullSecrets: ["registry-a", "registry-b"],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      retries: 4,
      retryDelay: "45s",
      retryExponentialBackoff: true,
      maxRetryDelay: "10m",
      executionTimeout: "20m",
      startupTimeout: "5m",
      podCleanup: "keep_pod",
      pool: "qa_pool",
      poolSlots: 2,
      priorityWeight: 7,
    },
  },
  (p) => {
    const first = p.pod("first-step", {
      image: "registry.example.com/tools/hostile:1.0.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      command: ["/bin/sh", "-c", 'echo "$HOSTILE_0" && exit 0'],
      args: [...HOSTILE, "{{ ds }}", "{{ params.missing | default('x') }}"],
      env: {
        ...Object.fromEntries(HOSTILE.map((value, i) => [`HOSTILE_${i}`, value])),
        TOKEN: creds.key("token"),
        MAYBE: creds.key("optional-key", { optional: true }),
        MODE: cfg.key("mode"),
      },
      envFrom: [cfg.all(), creds.all({ prefix: "API_", optional: true })],
      mounts: [
        { volume: "scratch", path: "/scratch" },
        scratch.at("/scratch-ro", { subPath: "inputs/2026", readOnly: true }),
      ],
      resources: {
        requests: { cpu: 0.5, memory: "1Gi", ephemeralStorage: "2Gi" },
        limits: { cpu: "1", memory: "2Gi", ephemeralStorage: "4Gi" },
      },
      tolerations: [
        { key: "dedicated", operator: "Equal", value: "qa", effect: "NoSchedule" },
        { key: "spot", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      ],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { team: "qa" } }, topologyKey: "kubernetes.io/hostname" } },
          ],
        },
      },
      labels: { step: "first" },
      doc: HOSTILE.join("\n"),
    });
    const fanOut = ["a", "b", "c"].map((suffix) =>
      p.pod(`fan.${suffix}`, {
        image: "registry.example.com/tools/worker:2.0",
        args: ["--part", suffix],
        triggerRule: "all_done",
        retries: 0,
        podCleanup: "delete_pod",
        namespace: "qa-workers",
      }),
    );
    first.before(fanOut);
    p.pod("class", {
      image: "registry.example.com/tools/worker:2.0",
      triggerRule: "none_failed_min_one_success",
      resources: { limits: { "nvidia.com/gpu": "2" } },
      owner: "someone-else",
    }).after(fanOut);
  },
);
