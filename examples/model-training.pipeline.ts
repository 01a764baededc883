import { every, pipeline, volume } from "airflow-ts";

const features = volume.claim("feature-store", { create: { size: "200Gi", accessModes: ["ReadWriteMany"], storageClass: "shared-rwx" } });
const models = volume.claim("model-registry", { name: "models" });

const gpuNodes = {
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
} as const;

export default pipeline(
  {
    id: "churn_model_training",
    description: "Retrains the churn model on GPU nodes every 12 hours and evaluates it",
    owner: "ml-platform",
    tags: ["ml", "gpu"],
    schedule: every("12h"),
    start: "2026-02-01T00:00",
    end: "2026-12-31",
    catchup: false,
    maxActiveRuns: 1,
    defaults: { namespace: "ml", serviceAccount: "trainer", retries: 1, retryDelay: "10m", startupTimeout: "15m" },
  },
  (p) => {
    const prepare = p.pod("prepare_features", {
      image: "ghcr.io/acme/features:0.9.3",
      args: ["--as-of", "{{ data_interval_end }}", "--out", "/features/{{ run_id }}"],
      mounts: [features.at("/features")],
      resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "8Gi" } },
    });
    const train = p.pod("train", {
      image: "ghcr.io/acme/trainer:2.3.0-cuda12",
      command: ["python", "train.py"],
      args: ["--features", "/features/{{ run_id }}", "--model-dir", "/models/churn/{{ run_id }}"],
      mounts: [features.at("/features", { readOnly: true }), models.at("/models", { subPath: "registry" })],
      resources: {
        requests: { cpu: "8", memory: "32Gi" },
        limits: { cpu: "8", memory: "32Gi", "nvidia.com/gpu": 1 },
      },
      ...gpuNodes,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "gpu-memory-gb", operator: "Gt", values: ["39"] }] }],
          },
        },
      },
      annotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" },
      executionTimeout: "4h",
      podCleanup: "keep_pod",
    }).after(prepare);
    p.pod("evaluate", {
      image: "ghcr.io/acme/trainer:2.3.0-cuda12",
      command: ["python", "evaluate.py"],
      args: ["--model-dir", "/models/churn/{{ run_id }}"],
      mounts: [models.at("/models", { subPath: "registry", readOnly: true })],
      resources: { limits: { "nvidia.com/gpu": 1, memory: "16Gi" } },
      ...gpuNodes,
    }).after(train);
  },
);
