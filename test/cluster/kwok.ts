import * as fs from "node:fs";
import type { KubeObject } from "./objects";

/** Pods with this annotation fail on the fake nodes (exit code 1) instead of completing. */
export const FAIL_ANNOTATION = "airflow-ts.test/outcome";

const notDeleted = { key: ".metadata.deletionTimestamp", operator: "DoesNotExist" };
const running = { key: ".status.phase", operator: "In", values: ["Running"] };
/** KubernetesPodOperator labels every pod it launches so. */
const launchedByOperator = { key: '.metadata.labels["kubernetes_pod_operator"]', operator: "In", values: ["True"] };

/** The terminated state of every container, with this exit code. */
function finished(phase: "Succeeded" | "Failed", exitCode: number): string {
  return `{{ $now := Now }}
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    terminated:
      exitCode: ${exitCode}
      finishedAt: {{ $now | Quote }}
      reason: ${phase === "Succeeded" ? "Completed" : "Error"}
      startedAt: {{ $now | Quote }}
{{ end }}
phase: ${phase}
`;
}

const stage = (name: string, matchExpressions: object[], next: object, delayMs = 0) => ({
  apiVersion: "kwok.x-k8s.io/v1alpha1",
  kind: "Stage",
  metadata: { name },
  spec: { resourceRef: { apiGroup: "v1", kind: "Pod" }, selector: { matchExpressions }, ...(delayMs && { delay: { durationMilliseconds: delayMs } }), next },
});

/**
 * kwok's pod lifecycle for the tests: a scheduled pod starts Running at once (kwok's own "fast" pod-ready stage),
 * a pod KubernetesPodOperator launched completes 3 s later (kwok's default completes only Job pods), or fails when
 * annotated so; deleted pods go. Every container "logs" one line from `logFile`, in the CRI log format the
 * kubelet API serves. (kwok ignores `follow: false` when a client asks to follow: see run_dag.py.)
 */
export function kwokConfig(logFile: string): Record<string, unknown>[] {
  fs.writeFileSync(logFile, `${new Date(0).toISOString().replace("Z", "000000Z")} stdout F hello from a kwok pod\n`);
  return [
    stage("pod-ready", [notDeleted, { key: ".status.podIP", operator: "DoesNotExist" }], {
      statusTemplate: `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: ContainersReady
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: true
  restartCount: 0
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
phase: Running
startTime: {{ $now | Quote }}
`,
    }),
    stage("pod-fail", [notDeleted, running, launchedByOperator, { key: `.metadata.annotations["${FAIL_ANNOTATION}"]`, operator: "In", values: ["fail"] }], { statusTemplate: finished("Failed", 1) }, 3000),
    stage("pod-complete", [notDeleted, running, launchedByOperator, { key: `.metadata.annotations["${FAIL_ANNOTATION}"]`, operator: "DoesNotExist" }], { statusTemplate: finished("Succeeded", 0) }, 3000),
    stage("pod-delete", [{ key: ".metadata.deletionTimestamp", operator: "Exists" }], { finalizers: { empty: true }, delete: true }),
    {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "ClusterLogs",
      metadata: { name: "all-pods" },
      spec: { selector: {}, logs: [{ containers: [], logsFile: logFile, follow: false }] },
    },
  ];
}

const node = (name: string, extra: { labels?: Record<string, string>; taints?: object[]; capacity?: Record<string, string> }): KubeObject => {
  const capacity = { cpu: "64", memory: "512Gi", pods: "110", "ephemeral-storage": "1Ti", ...extra.capacity };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, annotations: { "kwok.x-k8s.io/node": "fake" }, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", type: "kwok", ...extra.labels } },
    spec: { ...(extra.taints && { taints: extra.taints }) },
    status: { capacity, allocatable: capacity },
  };
};

/** A CPU node, and a GPU node (8 `nvidia.com/gpu`, the labels the training example selects, and the GPU taint). */
export function kwokNodes(): KubeObject[] {
  return [
    node("cpu-node", {}),
    node("gpu-node", {
      labels: { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100", "gpu-memory-gb": "80" },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
      capacity: { "nvidia.com/gpu": "8" },
    }),
  ];
}
