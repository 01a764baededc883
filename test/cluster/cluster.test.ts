import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { AIRFLOW_LINES, compileDagFolder } from "../airflow/airflow-env";
import { environments, renderChart, workerPodTemplate } from "./chart";
import { goTool } from "../helpers/local-tools";
import { startCluster, type LocalCluster } from "./cluster";
import { dryRunThenApply, ensureNamespace, objectId, type KubeObject } from "./objects";
import { taskPods } from "./task-pods";
import { preflightTests } from "./preflight-cases";
import { taskRunTests } from "./task-runs";

/**
 * Everything airflow-ts deploys, given to a real kube-apiserver (with etcd, on 127.0.0.1; see cluster.ts and
 * docs/cluster-tests.md): server-side dry run with strict field validation, then a real apply. Then RBAC as the
 * API server evaluates it, `airflow-ts preflight` against it, and tasks run by real Airflow through
 * KubernetesPodOperator onto kwok's fake nodes. One cluster for the whole file.
 */
const REPO = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "airflow-ts.config.ts");
const GOLDEN = path.join(REPO, "test/golden/cases/airflow-ts.config.ts");
const RELEASE = "airflow";
const RELEASE_NAMESPACE = "airflow";

interface Manifest {
  dependsOn: Record<string, { name: string; namespace: string | null; verbs?: string[] }[]>;
}
const manifestOf = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
const EXAMPLES_MANIFEST = manifestOf(path.join(REPO, "generated/manifest.json"));
const GOLDEN_MANIFEST = manifestOf(path.join(REPO, "test/golden/cases/expected/manifest.json"));

/** The objects of generated/k8s/, as `kubectl apply -f generated/k8s/` reads them. */
function generatedManifests(): KubeObject[] {
  const dir = path.join(REPO, "generated/k8s");
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map((d) => d.toJS() as KubeObject));
}

/** Why the API server refused the objects (dry run or apply), or undefined when it took them. */
function refusalFor(admission: ReturnType<typeof dryRunThenApply>): string | undefined {
  return admission.dryRun.status === 0 && admission.apply?.status === 0 ? undefined : `${admission.dryRun.stderr}${admission.apply?.stderr ?? ""}`.trim();
}

let cluster: LocalCluster;
const started = Date.now();

/** Cold, the Go tools are built first (about 30 min on two idle cores; see test/tools/go-tool.sh). */
const BUILD_TIMEOUT = 75 * 60 * 1000;

beforeAll(async () => {
  // Every tool up front, so the hooks below only wait for servers.
  for (const tool of ["etcd", "kube-apiserver", "kubectl", "kube-scheduler", "kwok", "helm"] as const) goTool(tool);
  cluster = await startCluster();
  // eslint-disable-next-line no-console
  console.log(`tools and cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, BUILD_TIMEOUT);
afterAll(() => cluster?.stop());

describe("a real kube-apiserver accepts everything airflow-ts deploys", () => {
  beforeAll(() => {
    // `kubectl create namespace` for every namespace the deployments and pipelines use, with its default account.
    const namespaces = new Set([RELEASE_NAMESPACE, ...EXAMPLES_MANIFEST.dependsOn.namespaces!.map((n) => n.name), ...GOLDEN_MANIFEST.dependsOn.namespaces!.map((n) => n.name), "default"]);
    for (const ns of namespaces) ensureNamespace(cluster, ns);
  });

  it("every manifest in generated/k8s/: dry run with strict validation, then applied", () => {
    const objects = generatedManifests();
    expect(objects.length).toBeGreaterThan(0);
    const admission = dryRunThenApply(cluster, objects);
    expect(admission.dryRun.stderr).toBe("");
    expect(admission.apply?.stderr).toBe("");
    for (const o of objects) expect(cluster.kubectl(["get", o.kind, o.metadata.name, ...(o.metadata.namespace ? ["-n", o.metadata.namespace] : [])]).status, objectId(o)).toBe(0);
  });

  // The base release goes to the release namespace (the generated Roles bind its accounts); each environment to
  // its own namespace, so a StatefulSet's immutable fields never meet another environment's.
  describe.each(environments())("the chart's objects for %s", (env, files) => {
    const namespace = env === "base" ? RELEASE_NAMESPACE : `${RELEASE_NAMESPACE}-${env}`;
    let rendered: ReturnType<typeof renderChart>;
    beforeAll(() => {
      ensureNamespace(cluster, namespace);
      rendered = renderChart(RELEASE, namespace, files);
    });

    it("render with helm template, then pass a dry run with strict validation and apply", () => {
      if (!rendered.ok) throw new Error(`helm template failed: ${rendered.error}`);
      expect(rendered.objects.length).toBeGreaterThan(10);
      const admission = dryRunThenApply(cluster, rendered.objects, namespace);
      expect(admission.dryRun.stderr).toBe("");
      expect(admission.apply?.status).toBe(0);
    });

    it("the worker pod template, as a pod in the release namespace", () => {
      if (!rendered.ok) throw new Error(`helm template failed: ${rendered.error}`);
      const template = workerPodTemplate(rendered.objects);
      expect(template?.kind).toBe("Pod");
      template!.metadata = { ...template!.metadata, name: `worker-template-${env}`, namespace };
      const admission = dryRunThenApply(cluster, [template!]);
      expect(refusalFor(admission)).toBeUndefined();
    });
  });

  describe.each(AIRFLOW_LINES)("every task pod %s builds (examples and golden cases, mapped tasks expanded)", (line) => {
    let pods: Record<string, KubeObject>;
    beforeAll(() => {
      // ServiceAccounts of the golden cases: that project has no deployment, so its manifest lists them for the user to create.
      for (const sa of GOLDEN_MANIFEST.dependsOn.serviceAccounts!) {
        const ns = sa.namespace ?? "default";
        if (cluster.kubectl(["-n", ns, "get", "serviceaccount", sa.name]).status !== 0) cluster.kubectlOk(["-n", ns, "create", "serviceaccount", sa.name]);
      }
      pods = taskPods(line, compileDagFolder([EXAMPLES, GOLDEN]).dagFolder);
    }, 10 * 60 * 1000);

    it("passes a dry run with strict validation and is created", () => {
      expect(Object.keys(pods).length).toBeGreaterThan(40);
      const refused: Record<string, string> = {};
      for (const [task, pod] of Object.entries(pods)) {
        const refusal = refusalFor(dryRunThenApply(cluster, [pod]));
        if (refusal) refused[task] = refusal;
        // Created to prove it is accepted, not to run: gone before kube-scheduler starts (unscheduled, so at once).
        else cluster.kubectlOk(["-n", pod.metadata.namespace!, "delete", "pod", pod.metadata.name, "--wait=false"]);
      }
      expect(refused).toEqual({});
    }, 10 * 60 * 1000);
  });

  describe("RBAC, as the API server evaluates it for the chart's worker account", () => {
    const worker = `system:serviceaccount:${RELEASE_NAMESPACE}:${RELEASE}-worker`;
    const taskNamespaces = EXAMPLES_MANIFEST.dependsOn.namespaces!.map((n) => n.name);
    const canI = (verb: string, resource: string, namespace: string) => cluster.kubectl(["auth", "can-i", verb, resource, "-n", namespace, "--as", worker]).stdout.trim();

    it("may create, watch, read the logs of and delete pods in every task namespace", () => {
      expect(taskNamespaces.sort()).toEqual(["analytics", "data", "ml"]);
      for (const ns of taskNamespaces) {
        for (const [verb, resource] of [["create", "pods"], ["get", "pods"], ["list", "pods"], ["watch", "pods"], ["patch", "pods"], ["delete", "pods"], ["get", "pods/log"], ["create", "pods/exec"], ["list", "events"]]) {
          expect(`${ns}: ${verb} ${resource} ${canI(verb!, resource!, ns)}`).toBe(`${ns}: ${verb} ${resource} yes`);
        }
      }
    });

    it("may create, read the status of and delete SparkApplications where the examples' Spark tasks run, and nowhere else", () => {
      const spark = EXAMPLES_MANIFEST.dependsOn.apiAccess!;
      expect(spark.map((a) => `${a.namespace} ${a.name} ${a.verbs!.join(",")}`)).toEqual([
        "data sparkapplications.sparkoperator.k8s.io create,delete,get",
        "data sparkapplications.sparkoperator.k8s.io/status get",
      ]);
      // Asked as a SubjectAccessReview with the API group: this cluster has no Spark CRD, so `kubectl auth can-i`
      // could not resolve the resource's group by discovery.
      const may = (verb: string, resource: string, subresource: string, namespace: string) => {
        const review = { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: worker, resourceAttributes: { namespace, verb, group: "sparkoperator.k8s.io", resource, subresource } } };
        return (JSON.parse(cluster.kubectlOk(["create", "-o", "json", "-f", "-"], JSON.stringify(review))) as { status: { allowed?: boolean } }).status.allowed === true ? "yes" : "no";
      };
      for (const [verb, resource, sub] of [["create", "sparkapplications", ""], ["get", "sparkapplications", ""], ["delete", "sparkapplications", ""], ["get", "sparkapplications", "status"], ["update", "sparkapplications", ""]]) {
        const allowed = verb === "update" ? "no" : "yes";
        expect(`data: ${verb} ${resource}/${sub} ${may(verb!, resource!, sub!, "data")}`).toBe(`data: ${verb} ${resource}/${sub} ${allowed}`);
        for (const ns of taskNamespaces.filter((n) => n !== "data")) expect(`${ns}: ${verb} ${resource}/${sub} ${may(verb!, resource!, sub!, ns)}`).toBe(`${ns}: ${verb} ${resource}/${sub} no`);
      }
    });

    it("may do no more there than the chart's own pod-launcher role and the task kinds' custom objects need, and nothing in an unrelated namespace", () => {
      ensureNamespace(cluster, "unrelated");
      // Rules every authenticated account has (system:basic-user): they name no namespace's objects.
      const everyone = new Set(["selfsubjectreviews.authentication.k8s.io", "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io"]);
      const chart = new Map([
        ["pods", ["create", "delete", "get", "list", "patch", "watch"]],
        ["pods/log", ["get"]],
        ["pods/exec", ["create", "get"]],
        ["events", ["list", "watch"]],
      ]);
      const rules = (ns: string) =>
        cluster
          .kubectlOk(["auth", "can-i", "--list", "-n", ns, "--as", worker])
          .split("\n")
          .slice(1)
          // "pods/log   []   []   [get]": the first column names the resource (blank for non-resource URLs).
          .map((l) => ({ resource: l.trim().split(/\s+/)[0] ?? "", verbs: (/\[([^\]]*)\]\s*$/.exec(l)?.[1] ?? "").split(/\s+/).filter(Boolean) }))
          .filter((r) => r.resource && !r.resource.startsWith("[") && !everyone.has(r.resource));
      for (const ns of taskNamespaces) {
        // What a task kind's operator needs beyond pods (a Spark task's SparkApplications), from the manifest.
        const wanted = new Map([...chart, ...EXAMPLES_MANIFEST.dependsOn.apiAccess!.filter((a) => a.namespace === ns).map((a) => [a.name, a.verbs!] as const)]);
        const granted = rules(ns);
        expect(granted.map((r) => r.resource).sort(), ns).toEqual([...wanted.keys()].sort());
        for (const r of granted) expect([...r.verbs].sort(), `${ns} ${r.resource}`).toEqual(wanted.get(r.resource));
      }
      expect(rules("unrelated")).toEqual([]);
      for (const [verb, resource, ns] of [["create", "secrets", "data"], ["get", "secrets", "data"], ["create", "pods", "unrelated"], ["create", "deployments", "data"], ["create", "rolebindings", "data"], ["delete", "namespaces", "data"]]) {
        expect(`${verb} ${resource} in ${ns}: ${canI(verb!, resource!, ns!)}`).toBe(`${verb} ${resource} in ${ns}: no`);
      }
    });
  });
});

describe("airflow-ts preflight against the live cluster", () => {
  preflightTests(() => cluster);
});

describe("tasks really run: real Airflow 3.3 KubernetesPodOperator, kube-scheduler and kwok nodes", () => {
  taskRunTests(() => cluster);
});
