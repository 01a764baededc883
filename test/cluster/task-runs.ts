import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { airflowWorkspace, compileDagFolder } from "../airflow/airflow-env";
import { tempProject } from "../helpers/temp-project";
import type { LocalCluster } from "./cluster";
import { kwokConfig, kwokNodes, FAIL_ANNOTATION } from "./kwok";
import { bindClaim, claimObject, dryRunThenApply, ensureNamespace, type KubeObject } from "./objects";

const REPO = path.resolve(__dirname, "..", "..");
const WORKER = { namespace: "airflow", name: "airflow-worker" };
/** A guard against a hang (a pod never scheduled, a log stream never closed), not a speed limit. */
const RUN_TIMEOUT = 10 * 60 * 1000;

/** A pipeline whose pod kwok fails (the annotation), with one retry a few seconds later. */
const FAILING_CONFIG = `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"] });\n`;
const FAILING_PIPELINE = `import { pipeline, schedules } from "airflow-ts";
export default pipeline({ id: "pod_fails", schedule: schedules.none, start: "2026-01-01", catchup: false,
  defaults: { namespace: "data", retries: 1, retryDelay: "3s" } }, (p) => {
  p.pod("always_fails", { image: "busybox:1.36", args: ["false"], annotations: { "${FAIL_ANNOTATION}": "fail" }, podCleanup: "keep_pod" });
});
`;

interface RunReport {
  runs: { run_id: string; state: string }[];
  tasks: Record<string, { state: string; try_number: number; max_tries: number }>;
}

export function taskRunTests(getCluster: () => LocalCluster): void {
  let cluster: LocalCluster;
  let dagFolder: string;
  let kubeconfig: string;

  /** dag.test() of one DAG in a fresh AIRFLOW_HOME, as the chart's worker account; the states Airflow's DB holds after. */
  const runDag = (dagId: string, logicalDate: string): RunReport => {
    const ws = airflowWorkspace("airflow3", dagFolder, {
      AIRFLOW_CONN_KUBERNETES_DEFAULT: JSON.stringify({ conn_type: "kubernetes", extra: { kube_config_path: kubeconfig, in_cluster: false } }),
    });
    const out = path.join(ws.home, "run.json");
    execFileSync(path.join(ws.bin, "python"), [path.join(__dirname, "run_dag.py"), dagFolder, dagId, logicalDate, out], { env: ws.env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(fs.readFileSync(out, "utf8")) as RunReport;
  };
  /** Where kube-scheduler put each pod of a namespace whose name starts with `prefix` (its Scheduled events). */
  const placements = (namespace: string, prefix: string, since: number): string[] =>
    (JSON.parse(cluster.kubectlOk(["-n", namespace, "get", "events", "--field-selector", "reason=Scheduled", "-o", "json"])) as { items: { message?: string; eventTime?: string; lastTimestamp?: string; firstTimestamp?: string }[] }).items
      .filter((e) => Date.parse(e.eventTime ?? e.lastTimestamp ?? e.firstTimestamp ?? "") >= since - 1000)
      .map((e) => /Successfully assigned [^/]+\/(\S+) to (\S+)/.exec(e.message ?? ""))
      .filter((m): m is RegExpExecArray => m !== null && m[1]!.startsWith(prefix))
      .map((m) => m[2]!);

  beforeAll(async () => {
    cluster = getCluster();
    await cluster.startScheduler();
    await cluster.startKwok(kwokConfig(path.join(cluster.dir, "container.log")));
    const nodes = kwokNodes();
    expect(dryRunThenApply(cluster, nodes).apply?.status).toBe(0);
    // The API server taints a new node not-ready (TaintNodesByCondition); the node lifecycle controller of the
    // absent controller-manager would lift it once kwok reports the node Ready. Done here, as that controller would.
    for (const n of nodes) {
      cluster.kubectlOk(["wait", "--for=condition=Ready", `node/${n.metadata.name}`, "--timeout=120s"]);
      cluster.kubectlOk(["taint", "nodes", n.metadata.name, "node.kubernetes.io/not-ready:NoSchedule-"]);
    }

    // What a deploy creates: the namespaces, generated/k8s/ (claims, Roles), the claims the user has, the chart's worker account.
    for (const ns of ["airflow", "data", "ml"]) ensureNamespace(cluster, ns);
    const generated = fs.readdirSync(path.join(REPO, "generated/k8s")).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(REPO, "generated/k8s", f), "utf8")).map((d) => d.toJS() as KubeObject));
    const existing = [claimObject("ml", "model-registry")];
    expect(dryRunThenApply(cluster, [...generated, ...existing]).apply?.status).toBe(0);
    if (cluster.kubectl(["-n", WORKER.namespace, "get", "serviceaccount", WORKER.name]).status !== 0) cluster.kubectlOk(["-n", WORKER.namespace, "create", "serviceaccount", WORKER.name]);
    // No provisioner: each claim gets a PersistentVolume bound to it, as the PV controller would do.
    for (const [ns, claim] of [["data", "etl-raw"], ["ml", "feature-store"], ["ml", "model-registry"]] as const) {
      const phase = cluster.kubectlOk(["-n", ns, "get", "persistentvolumeclaim", claim, "-o", "jsonpath={.status.phase}"]);
      if (phase !== "Bound") bindClaim(cluster, ns, claim);
    }

    const token = cluster.kubectlOk(["-n", WORKER.namespace, "create", "token", WORKER.name, "--duration=2h"]).trim();
    kubeconfig = cluster.kubeconfigFor(WORKER.name, token);
    const failing = tempProject({ "airflow-ts.config.ts": FAILING_CONFIG, "pipelines/fails.pipeline.ts": FAILING_PIPELINE });
    dagFolder = compileDagFolder([path.join(REPO, "airflow-ts.config.ts"), path.join(failing, "airflow-ts.config.ts")]).dagFolder;
  }, RUN_TIMEOUT);

  it("the nightly ETL runs task by task as the worker account: each pod scheduled on the CPU node, completed, every task instance success", () => {
    const since = Date.now();
    const report = runDag("nightly_sales_etl", "2026-03-04T02:00:00+00:00");
    expect(report.runs.map((r) => r.state)).toEqual(["success"]);
    expect(report.tasks).toEqual({
      extract: { state: "success", try_number: 1, max_tries: 3 },
      transform: { state: "success", try_number: 1, max_tries: 3 },
      load: { state: "success", try_number: 1, max_tries: 3 },
    });
    for (const task of ["extract", "transform", "load"]) expect(placements("data", `${task}-`, since), task).toEqual(["cpu-node"]);
  }, RUN_TIMEOUT);

  it("the GPU training runs: features on the CPU node, train and evaluate on the tainted GPU node, every task instance success", () => {
    const since = Date.now();
    const report = runDag("churn_model_training", "2026-03-04T00:00:00+00:00");
    expect(report.runs.map((r) => r.state)).toEqual(["success"]);
    expect(Object.fromEntries(Object.entries(report.tasks).map(([t, ti]) => [t, ti.state]))).toEqual({ prepare_features: "success", train: "success", evaluate: "success" });
    expect(placements("ml", "prepare-features-", since)).toEqual(["cpu-node"]);
    expect(placements("ml", "train-", since)).toEqual(["gpu-node"]);
    expect(placements("ml", "evaluate-", since)).toEqual(["gpu-node"]);
  }, RUN_TIMEOUT);

  it("a task whose pod fails is retried as configured (one retry), then ends failed", () => {
    const report = runDag("pod_fails", "2026-03-04T00:00:00+00:00");
    expect(report.tasks.always_fails).toEqual({ state: "failed", try_number: 2, max_tries: 1 });
    expect(report.runs.map((r) => r.state)).toEqual(["failed"]);
    // One pod per try, each failed by the fake node.
    const pods = (JSON.parse(cluster.kubectlOk(["-n", "data", "get", "pods", "-l", "dag_id=pod_fails", "-o", "json"])) as { items: KubeObject[] }).items;
    expect(pods.map((p) => [p.metadata.labels.try_number, p.status.phase]).sort()).toEqual([["1", "Failed"], ["2", "Failed"]]);
  }, RUN_TIMEOUT);
}
