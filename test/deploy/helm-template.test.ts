import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { compileIn } from "../helpers/temp-project";
import { goTool } from "../helpers/local-tools";

/**
 * The generated values, rendered by the real chart with real Helm (`helm template`, as `helm install` renders),
 * for the base and every environment of every deployment the tests compile: the examples, and the golden cases'
 * pipelines under an Airflow 2.11 deployment and a multi-executor Airflow 3 one (test/deploy/fixtures). Each
 * rendered object set is checked for what the values mean: the chart must do with them what airflow-ts intends.
 */
const REPO = path.resolve(__dirname, "..", "..");
const CHART = path.resolve(REPO, "..", "shared", "airflow-chart", "1.19.0", "chart");
const GOLDEN_CASES = path.join(REPO, "test", "golden", "cases");
/** A cold build of helm takes 7-14 minutes on 2 busy cores (test/tools/go-tool.sh); cached after. */
const HELM_BUILD_TIMEOUT = 40 * 60 * 1000;

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };
type Values = Record<string, any>;

interface Deployment {
  readonly name: string;
  /** Helm's release name and namespace, as the deploy steps use them. */
  readonly release: string;
  readonly namespace: string;
  readonly valuesDir: string;
  readonly k8sDir: string;
  /** Environments meant for trying things out, where the default admin user is asked for. */
  readonly throwaway: readonly string[];
}

let helm = "";
const deployments: Deployment[] = [];

/** The golden cases' pipelines, copied into a throwaway project with a fixture's deployment, compiled. */
function goldenCasesWith(fixture: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-helm-"));
  for (const entry of fs.readdirSync(GOLDEN_CASES, { withFileTypes: true })) {
    if (entry.isDirectory() && fs.existsSync(path.join(GOLDEN_CASES, entry.name, "pipelines"))) fs.cpSync(path.join(GOLDEN_CASES, entry.name), path.join(root, entry.name), { recursive: true });
  }
  fs.copyFileSync(path.join(__dirname, "fixtures", fixture), path.join(root, "airflow-ts.config.ts"));
  const errors = compileIn(root).diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(`${fixture}: ${JSON.stringify(errors, null, 2)}`);
  return root;
}

beforeAll(() => {
  helm = goTool("helm");
  deployments.push({ name: "examples", release: "airflow", namespace: "airflow", valuesDir: path.join(REPO, "airflow-helm-values"), k8sDir: path.join(REPO, "generated", "k8s"), throwaway: ["dev"] });
  const two = goldenCasesWith("airflow2.config.ts");
  deployments.push({ name: "golden cases on Airflow 2.11", release: "etl", namespace: "etl-platform", valuesDir: path.join(two, "airflow-helm-values"), k8sDir: path.join(two, "generated", "k8s"), throwaway: ["dev"] });
  const multi = goldenCasesWith("multi-executor.config.ts");
  deployments.push({ name: "golden cases, multi-executor", release: "airflow-main", namespace: "orchestration", valuesDir: path.join(multi, "airflow-helm-values"), k8sDir: path.join(multi, "generated", "k8s"), throwaway: ["local"] });
}, HELM_BUILD_TIMEOUT);

/** `values.yaml` first, then each `values-<env>.yaml` over it: the files of one deployment, as Helm is given them. */
function environments(d: Deployment): { env: string; files: string[] }[] {
  const overlays = fs.readdirSync(d.valuesDir).filter((f) => /^values-.+\.yaml$/.test(f)).sort();
  const base = path.join(d.valuesDir, "values.yaml");
  return [{ env: "base", files: [base] }, ...overlays.map((f) => ({ env: f.slice("values-".length, -".yaml".length), files: [base, path.join(d.valuesDir, f)] }))];
}

function helmTemplate(d: Deployment, files: readonly string[]): Obj[] {
  const args = ["template", d.release, CHART, "-n", d.namespace, "--kube-version", "1.33.0", ...files.flatMap((f) => ["-f", f])];
  const out = execFileSync(helm, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  return parseAllDocuments(out).map((doc) => doc.toJS() as Obj | null).filter((o): o is Obj => o !== null);
}

/** Values as Helm merges `-f a.yaml -f b.yaml`: maps deep-merged, lists replaced, null deletes the key. */
function helmMerge(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over ?? {})) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = helmMerge(out[k], v);
    else out[k] = v;
  }
  return out;
}
const isMap = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** airflow.cfg as the chart renders it: section -> key -> value. */
function ini(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = "";
  for (const line of text.split("\n")) {
    const header = /^\[(.+)\]\s*$/.exec(line);
    if (header) out[(section = header[1]!)] = {};
    else if (section && line.includes("=")) out[section]![line.slice(0, line.indexOf("=")).trim()] = line.slice(line.indexOf("=") + 1).trim();
  }
  return out;
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "Job", "CronJob"]);
const podSpec = (o: Obj) => (o.kind === "CronJob" ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
const envOf = (c: { env?: { name: string; value?: string; valueFrom?: unknown }[] }) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

/** Everything one `helm template` gave, with the lookups the checks need. */
function rendered(objects: Obj[]) {
  const component = (name: string) => objects.filter((o) => WORKLOADS.has(o.kind) && o.metadata.labels?.component === name);
  const cfgMap = objects.find((o) => o.kind === "ConfigMap" && o.data?.["airflow.cfg"] !== undefined);
  return { objects, component, cfgMap, cfg: ini(cfgMap?.data["airflow.cfg"] ?? "") };
}

/** What the base and environments of each deployment rendered: object counts, for the report. */
const counts: Record<string, Record<string, number>> = {};

describe("helm template of the pinned chart (1.19.0) with every generated values file", () => {
  it("the vendored chart defaults are the chart's own values.yaml", () => {
    expect(fs.readFileSync(path.join(REPO, "src/validate/chart/values.yaml"), "utf8")).toBe(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
  });

  it("every environment of every deployment renders, and the rendered objects do what the values mean", () => {
    expect(deployments.map((d) => d.name)).toHaveLength(3);
    for (const d of deployments) {
      const base = parse(fs.readFileSync(path.join(d.valuesDir, "values.yaml"), "utf8")) as Values;
      const triggererKinds = new Set<string>();
      for (const { env, files } of environments(d)) {
        const where = `${d.name} / ${env}`;
        const overlay = files.length > 1 ? ((parse(fs.readFileSync(files[1]!, "utf8")) ?? {}) as Values) : {};
        // An overlay never deletes a map the chart reads into (nothing but airflow-ts's own keys is ever null).
        expect(nullPaths(overlay).filter((p) => chartHas(p)), where).toEqual([]);
        const values = helmMerge(base, overlay);
        const r = rendered(helmTemplate(d, files));
        (counts[d.name] ??= {})[env] = r.objects.length;
        checkRendered(d, env, values, r, where);
        for (const t of r.component("triggerer")) triggererKinds.add(t.kind);
      }
      // The triggerer is the same kind of object in every environment: `helm upgrade` across them never has to
      // change a StatefulSet's claim templates.
      expect([...triggererKinds], d.name).toEqual(["Deployment"]);
    }
    console.log(`objects rendered per environment: ${JSON.stringify(counts)}`);
  });
});

/** Key paths an overlay sets to null. */
function nullPaths(v: Values, at: string[] = []): string[][] {
  return Object.entries(v).flatMap(([k, x]) => (x === null ? [[...at, k]] : isMap(x) ? nullPaths(x, [...at, k]) : []));
}

const chartValues = () => parse(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8")) as Values;
let chartCache: Values | undefined;
/** Whether the chart's values.yaml has a non-null default at this path. */
function chartHas(keys: readonly string[]): boolean {
  let at: unknown = (chartCache ??= chartValues());
  for (const k of keys) {
    if (!isMap(at) || !(k in at)) return false;
    at = at[k];
  }
  return at !== null && at !== undefined;
}

function checkRendered(d: Deployment, env: string, values: Values, r: ReturnType<typeof rendered>, where: string): void {
  const airflow3 = Number(String(values.airflowVersion).split(".")[0]) >= 3;
  const uiKey = airflow3 ? "apiServer" : "webserver";
  const uiComponent = airflow3 ? "api-server" : "webserver";
  const sync = values.dags.gitSync;

  // airflow.cfg: executor, the DAG folder inside the checkout, the plugin folder next to it.
  expect(r.cfgMap, where).toBeDefined();
  expect(r.cfg.core!.executor, where).toBe(values.executor);
  expect(r.cfg.core!.dags_folder, where).toBe(`/opt/airflow/dags/repo/${sync.subPath}`);
  expect(r.cfg.core!.plugins_folder, where).toBe(`/opt/airflow/dags/repo/${sync.subPath.replace(/dags$/, "plugins")}`);

  // The chart's git-sync where DAGs are parsed (the DAG processor on 3, the scheduler on 2): repository, ref,
  // and the key Secret by name.
  const [scheduler] = r.component("scheduler");
  const [parser] = r.component(airflow3 ? "dag-processor" : "scheduler");
  expect(scheduler, where).toBeDefined();
  expect(parser, where).toBeDefined();
  const chartSync = podSpec(parser!).containers.find((c: { name: string }) => c.name === "git-sync");
  expect(chartSync, where).toBeDefined();
  const chartSyncEnv = envOf(chartSync);
  expect(chartSyncEnv.GITSYNC_REPO, where).toBe(sync.repo);
  expect(chartSyncEnv.GITSYNC_REF, where).toBe(sync.ref);
  expect(chartSync.resources, where).toEqual(sync.resources);
  if (sync.sshKeySecret) {
    expect(podSpec(parser!).volumes, where).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: sync.sshKeySecret }) }));
    // Host keys verified wherever the config gives them (the chart's containers and airflow-ts's).
    expect(chartSyncEnv.GITSYNC_SSH_KNOWN_HOSTS, where).toBe(sync.knownHosts ? "true" : "false");
  }
  if (sync.credentialsSecret) expect(chartSyncEnv.GITSYNC_PASSWORD, where).toEqual({ secretKeyRef: { name: sync.credentialsSecret, key: "GITSYNC_PASSWORD" } });

  // The UI server: a one-shot sync before Airflow starts, then the sidecar; both bounded; the server reads the checkout.
  const [ui] = r.component(uiComponent);
  expect(ui, where).toBeDefined();
  const spec = podSpec(ui!);
  const init = (spec.initContainers ?? []).find((c: { name: string }) => c.name === "airflow-ts-git-sync-init");
  const sidecar = spec.containers.find((c: { name: string }) => c.name === "airflow-ts-git-sync");
  const server = spec.containers.find((c: { name: string }) => c.name === uiComponent);
  expect(init, where).toBeDefined();
  expect(sidecar, where).toBeDefined();
  expect(envOf(init).GITSYNC_ONE_TIME, where).toBe("true");
  expect(envOf(sidecar).GITSYNC_ONE_TIME, where).toBeUndefined();
  for (const c of [init, sidecar]) {
    const e = envOf(c);
    expect([e.GITSYNC_REPO, e.GITSYNC_REF], where).toEqual([sync.repo, sync.ref]);
    expect(Object.keys(c.resources.requests ?? {}).length * Object.keys(c.resources.limits ?? {}).length, `${where}: ${c.name} requests and limits`).toBeGreaterThan(0);
    if (sync.sshKeySecret) {
      expect(e.GITSYNC_SSH_KNOWN_HOSTS, where).toBe(sync.knownHosts ? "true" : "false");
      if (sync.knownHosts) {
        const mount = c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === e.GITSYNC_SSH_KNOWN_HOSTS_FILE);
        const volume = spec.volumes.find((v: { name: string }) => v.name === mount.name);
        const configMap = r.objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volume.configMap.name);
        expect(configMap!.data[mount.subPath], where).toBe(sync.knownHosts);
      }
    }
    if (sync.credentialsSecret) expect(e.GITSYNC_USERNAME, where).toEqual({ secretKeyRef: { name: sync.credentialsSecret, key: "GITSYNC_USERNAME" } });
  }
  const checkout = server.volumeMounts.find((m: { name: string }) => m.name === sidecar.volumeMounts[0].name);
  expect(r.cfg.core!.plugins_folder!.startsWith(`${checkout.mountPath}/repo/`), where).toBe(true);
  if (values[uiKey]?.resources) expect(server.resources, where).toEqual(values[uiKey].resources);

  // Secrets: referenced by name, never rendered by the chart (no key or password is in the values).
  const named = [
    values.fernetKeySecretName,
    values.apiSecretKeySecretName,
    values.jwtSecretName,
    values.webserverSecretKeySecretName,
    values.data?.metadataSecretName,
    sync.sshKeySecret,
    sync.credentialsSecret,
    ...(values.ingress?.[airflow3 ? "apiServer" : "web"]?.hosts ?? []).map((h: Values) => h.tls?.secretName),
  ].filter(Boolean);
  expect(named.length, where).toBeGreaterThanOrEqual(airflow3 ? 4 : 3);
  const secrets = r.objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name);
  expect(secrets.filter((s) => named.includes(s)), where).toEqual([]);
  expect(JSON.stringify(values), where).not.toMatch(/"(fernetKey|webserverSecretKey|apiSecretKey|jwtSecret|sshKey|password|connection)":/);
  const schedulerEnv = envOf(podSpec(scheduler!).containers.find((c: { name: string }) => c.name === "scheduler"));
  expect(schedulerEnv.AIRFLOW__CORE__FERNET_KEY, where).toEqual({ secretKeyRef: { name: values.fernetKeySecretName, key: "fernet-key" } });
  if (values.data?.metadataSecretName) expect(schedulerEnv.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, where).toEqual({ secretKeyRef: { name: values.data.metadataSecretName, key: "connection" } });

  // RBAC: the generated RoleBindings name exactly the accounts the chart creates for this release and binds itself.
  // Namespaced objects without a namespace go to helm's -n.
  const accounts = new Set(r.objects.filter((o) => o.kind === "ServiceAccount").map((o) => `${o.metadata.namespace ?? d.namespace}/${o.metadata.name}`));
  const chartLauncher = r.objects.find((o) => /RoleBinding$/.test(o.kind) && o.roleRef.name.endsWith("pod-launcher-role"));
  expect(chartLauncher, where).toBeDefined();
  const chartSubjects = chartLauncher!.subjects.map((s: Values) => `${s.namespace}/${s.name}`).sort();
  for (const s of chartSubjects) expect(accounts.has(s), `${where}: ${s}`).toBe(true);
  const generated = fs.existsSync(d.k8sDir) ? fs.readdirSync(d.k8sDir).map((f) => parse(fs.readFileSync(path.join(d.k8sDir, f), "utf8")) as Obj) : [];
  const allBindings = generated.filter((o) => o.kind === "RoleBinding");
  // The task-launcher bindings (rights on what tasks create, e.g. SparkApplications) go to the accounts that run task
  // code, a subset of the chart's launchers; every other generated binding mirrors the chart's pod-launcher one.
  const taskLaunchers = allBindings.filter((o) => o.metadata.name.endsWith("-task-launcher"));
  const bindings = allBindings.filter((o) => !taskLaunchers.includes(o));
  for (const b of taskLaunchers) {
    const subjects = b.subjects.map((s: Values) => `${s.namespace}/${s.name}`);
    expect(subjects.filter((s: string) => !chartSubjects.includes(s)), `${where}: ${b.metadata.namespace} task-launcher`).toEqual([]);
    expect(subjects.filter((s: string) => s.endsWith("-triggerer")), `${where}: ${b.metadata.namespace} task-launcher`).toHaveLength(1);
  }
  expect(chartLauncher!.kind, where).toBe(values.multiNamespaceMode ? "ClusterRoleBinding" : "RoleBinding");
  if (!values.multiNamespaceMode && env === "base") expect(bindings.length, where).toBeGreaterThan(0);
  // Generated roles are compiled once, from the base: every environment of the deployment must bind the same accounts.
  for (const b of bindings) expect(b.subjects.map((s: Values) => `${s.namespace}/${s.name}`).sort(), `${where}: ${b.metadata.namespace}`).toEqual(chartSubjects);

  // Ingress or Service.
  const ingress = values.ingress?.[airflow3 ? "apiServer" : "web"];
  const ingresses = r.objects.filter((o) => o.kind === "Ingress");
  if (ingress?.enabled) {
    expect(ingresses, where).toHaveLength(1);
    expect(ingresses[0]!.spec.rules[0].host, where).toBe(ingress.hosts[0].name);
    expect(ingresses[0]!.spec.ingressClassName, where).toBe(ingress.ingressClassName || undefined);
    expect(ingresses[0]!.spec.tls?.[0]?.secretName, where).toBe(ingress.hosts[0].tls?.secretName);
  } else expect(ingresses, where).toEqual([]);
  const service = r.objects.find((o) => o.kind === "Service" && o.metadata.labels?.component === uiComponent);
  expect(service!.spec.type, where).toBe(values[uiKey]?.service?.type ?? "ClusterIP");

  // StatsD, and its setting in airflow.cfg.
  expect(r.component("statsd").length, where).toBe(values.statsd.enabled ? 1 : 0);
  expect(r.cfg.metrics!.statsd_on, where).toBe(values.statsd.enabled ? "True" : "False");

  // Resources of each component the values size.
  const main: Record<string, string> = { scheduler: "scheduler", workers: "worker", triggerer: "triggerer", dagProcessor: "dag-processor" };
  for (const [key, name] of Object.entries(main)) {
    if (!values[key]?.resources) continue;
    const workload = r.component(name)[0];
    const container = workload
      ? podSpec(workload).containers.find((c: { name: string }) => c.name === name)
      : (parse(r.cfgMap!.data["pod_template_file.yaml"]) as Obj).spec.containers[0]; // KubernetesExecutor workers
    expect(container.resources, `${where}: ${key}`).toEqual(values[key].resources);
  }

  // Safe by default: no admin/admin unless asked (and only in throwaway environments), no Redis without Celery,
  // a triggerer without per-pod claims.
  const userJob = r.objects.filter((o) => o.kind === "Job" && o.metadata.labels?.component === "create-user-job");
  expect(userJob.length, where).toBe(values.createUserJob?.enabled ? 1 : 0);
  if (!d.throwaway.includes(env)) expect(userJob, where).toEqual([]);
  const celery = String(values.executor).includes("Celery");
  // The chart always renders its broker-url Secret (a pre-install hook, kept for a later switch to Celery); without
  // Redis it holds data.brokerUrl (unset: the chart prints "%!s(<nil>)"), no Redis address or password, and no
  // container reads it (the chart sets AIRFLOW__CELERY__BROKER_URL for Celery executors only).
  const brokerUrl = r.objects.find((o) => o.kind === "Secret" && o.metadata.name.endsWith("-broker-url"));
  const redis = r.objects.filter((o) => o !== brokerUrl && (o.metadata.labels?.component === "redis" || o.metadata.name.endsWith("-redis-password")));
  if (celery) expect(redis.map((o) => o.kind).sort(), where).toEqual(expect.arrayContaining(["Secret", "Service", "StatefulSet"]));
  else {
    expect(redis.map((o) => `${o.kind}/${o.metadata.name}`), where).toEqual([]);
    expect(Buffer.from(brokerUrl?.data.connection ?? "", "base64").toString(), where).not.toMatch(/redis/);
    const readers = r.objects.filter((o) => WORKLOADS.has(o.kind)).flatMap((o) => [...podSpec(o).containers, ...(podSpec(o).initContainers ?? [])]).filter((c) => JSON.stringify(c.env ?? []).includes("-broker-url"));
    expect(readers.map((c) => c.name), where).toEqual([]);
  }
  for (const t of r.component("triggerer")) expect(t.spec.volumeClaimTemplates, where).toBeUndefined();
}
