import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkTaskModel } from "../../src/tasks/spark/model";
import { compileDagFolder } from "../airflow/airflow-env";
import { goTool } from "../helpers/local-tools";
import { buildFixture, fullSpark, minimalSpark, raw } from "../tasks/spark/fixtures";
import { startCluster, type LocalCluster } from "./cluster";
import { ensureNamespace, type KubeObject } from "./objects";

/**
 * The Spark operator's CRD (the vendored 2.5.2 one) installed in a real kube-apiserver, and every SparkApplication
 * airflow-ts builds given to it: server-side dry run with strict field validation. Nothing runs them (no Spark
 * operator controller): this is what the API server admits.
 */
const CRD = path.resolve(__dirname, "../../src/tasks/spark/crd/sparkoperator.k8s.io_sparkapplications.yaml");

/** The examples' Spark tasks (as `npm run compile` builds them) and the fixtures that set every option. */
const tasks: SparkTaskModel[] = [
  ...compileDagFolder([path.resolve(__dirname, "../../airflow-ts.config.ts")]).pipelines.flatMap((p) => p.tasks.filter((t): t is SparkTaskModel => t.kind === "spark")),
  buildFixture(fullSpark, "transform", { volumes: [raw] }),
  buildFixture(minimalSpark, "aggregate"),
];

let cluster: LocalCluster;

/** Cold, the Go tools are built first (about 30 min on two idle cores; see test/tools/go-tool.sh). */
const BUILD_TIMEOUT = 75 * 60 * 1000;

beforeAll(async () => {
  for (const tool of ["etcd", "kube-apiserver", "kubectl"] as const) goTool(tool);
  cluster = await startCluster();
  // Server-side: the CRD is too large for client-side apply's last-applied annotation.
  cluster.kubectlOk(["apply", "--server-side", "--field-manager=airflow-ts-test", "-f", CRD]);
  // `kubectl wait` fails outright while the CRD has no conditions yet: poll, with a deadline against a hang.
  const deadline = Date.now() + 120_000;
  const established = () => cluster.kubectl(["get", "crd/sparkapplications.sparkoperator.k8s.io", "-o", 'jsonpath={.status.conditions[?(@.type=="Established")].status}']).stdout === "True";
  while (!established()) {
    if (Date.now() > deadline) throw new Error("the SparkApplication CRD was not established within 120 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const namespace of new Set(tasks.map((t) => t.namespace))) ensureNamespace(cluster, namespace);
}, BUILD_TIMEOUT);
afterAll(() => cluster?.stop());

const dryRun = (object: unknown, validate = "strict") =>
  cluster.kubectl(["create", "--dry-run=server", `--validate=${validate}`, "-o", "json", "-f", "-"], JSON.stringify(object));

describe("SparkApplications in a real API server with the Spark operator's CRD", () => {
  it("has the examples' Spark tasks among those it gives the server", () => {
    expect(tasks.length).toBeGreaterThan(2);
  });

  it.each(tasks.map((t, i) => [`${i}:${t.taskId}`, t] as const))("admits %s's SparkApplication as written (strict field validation)", (_id, task) => {
    const run = dryRun(task.application);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const stored = JSON.parse(run.stdout) as KubeObject;
    // Nothing pruned or defaulted away: the spec the server would store is the spec airflow-ts wrote.
    expect(stored.spec).toEqual(JSON.parse(JSON.stringify(task.application.spec)));
  });

  it("refuses an application the CRD refuses (the dry run validates)", () => {
    const last = tasks[tasks.length - 1]!;
    const bad = { ...last.application, spec: { ...last.application.spec, driver: { cores: 0 } } };
    const run = dryRun(bad);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("spec.driver.cores");
  });

  it("drops the operator's spec.labels: refused as unknown under strict validation, pruned with a warning by default", () => {
    const last = tasks[tasks.length - 1]!;
    const submitted = { ...last.application, spec: { ...last.application.spec, labels: { dag_id: "etl" } } };
    expect(dryRun(submitted).stderr).toContain('unknown field "spec.labels"');
    const warned = dryRun(submitted, "warn");
    expect(warned.status).toBe(0);
    expect(warned.stderr).toContain('unknown field "spec.labels"');
    expect((JSON.parse(warned.stdout) as KubeObject).spec.labels).toBeUndefined();
  });
});
