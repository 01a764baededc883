import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { compileIn, tempProject } from "../helpers/temp-project";
import { goTool } from "../helpers/local-tools";
import type { LocalCluster } from "./cluster";
import { bindClaim } from "./objects";

/** A deployment and a pipeline that need one of every kind of object preflight checks, in namespaces of their own. */
const CONFIG = `import { defineConfig } from "airflow-ts";
export default defineConfig({
  pipelines: ["pipelines/**/*.pipeline.ts"],
  deployment: {
    airflowVersion: "3.1.7",
    namespace: "pf-airflow",
    executor: "KubernetesExecutor",
    gitSync: { repo: "git@github.com:acme/pipelines.git", sshKeySecret: "pf-git-ssh" },
    secrets: { fernetKey: "pf-fernet", webSecretKey: "pf-api-key", jwtSecret: "pf-jwt" },
    podLaunching: "perNamespaceRoles",
    serviceAccounts: ["pf-runner"],
    existing: { claims: ["pf-models"], imagePullSecrets: ["pf-pull"], secrets: { "pf-db": ["password", "username"], "pf-extra": [] }, configMaps: { "pf-config": ["url"] } },
    environments: { prod: { database: { secret: "pf-metadata-db" } } },
  },
});
`;
const PIPELINE = `import { configMap, pipeline, schedules, secret, volume } from "airflow-ts";
const raw = volume.claim("pf-raw", { create: { size: "1Gi" } });
const models = volume.claim("pf-models");
const db = secret("pf-db");
const extra = secret("pf-extra");
const cfg = configMap("pf-config");
export default pipeline({ id: "pf_pipeline", schedule: schedules.none, start: "2026-01-01", catchup: false }, (p) => {
  p.pod("extract", {
    image: "busybox:1.36",
    namespace: "pf-data",
    serviceAccount: "pf-runner",
    imagePullSecrets: ["pf-pull"],
    env: { DB_USER: db.key("username"), DB_PASSWORD: db.key("password"), URL: cfg.key("url") },
    envFrom: [extra.all()],
    mounts: [raw.at("/data"), models.at("/models")],
  });
});
`;
/** A value no output may ever contain: preflight reads key names only. */
const SECRET_VALUE = "s3cr3t-VALUE-never-printed";

interface JsonFinding {
  status: "ok" | "missing" | "unchecked";
  kind: string;
  namespace: string | null;
  name: string;
  problem?: string;
  fix: string[];
}

export function preflightTests(getCluster: () => LocalCluster): void {
  let cluster: LocalCluster;
  let root: string;
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["preflight", "--config", path.join(root, "airflow-ts.config.ts"), "--kubeconfig", cluster.kubeconfig, ...args], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const findings = async (...args: string[]) => {
    const r = await run("--format", "json", ...args);
    expect(r.err).toBe("");
    return { code: r.code, out: r.out, findings: (JSON.parse(r.out) as { findings: JsonFinding[] }).findings };
  };
  const problemsOf = (list: JsonFinding[]) => Object.fromEntries(list.filter((f) => f.status !== "ok").map((f) => [`${f.kind} ${f.namespace ?? ""}/${f.name}`, f.problem]));
  /** Runs a printed fix in a shell, as a user would, with the placeholders filled in. */
  const runFix = (command: string) => {
    const keyFile = path.join(root, "fill.txt");
    fs.writeFileSync(keyFile, `K=${SECRET_VALUE}\n`);
    const filled = command
      .replace(/<value>/g, SECRET_VALUE)
      .replace(/<KEY>/g, "K")
      .replace(/<file of KEY=value lines>|<private key file>/g, keyFile)
      .replace(/<registry>/g, "ghcr.io")
      .replace(/<user>/g, "robot")
      .replace(/<token>/g, SECRET_VALUE);
    const r = spawnSync("sh", ["-c", filled], { cwd: root, encoding: "utf8", env: { ...process.env, KUBECONFIG: cluster.kubeconfig, PATH: `${path.dirname(goTool("kubectl"))}:${process.env.PATH}` } });
    expect(`${filled}: ${r.status} ${r.stderr}`).toBe(`${filled}: 0 `);
  };

  beforeAll(() => {
    cluster = getCluster();
    root = tempProject({ "airflow-ts.config.ts": CONFIG, "pipelines/pf.pipeline.ts": PIPELINE });
    const compiled = compileIn(root);
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("on an empty cluster, reports every object missing, each with a command, and exits 1", async () => {
    const r = await findings();
    expect(r.code).toBe(1);
    const problems = problemsOf(r.findings);
    expect(problems).toMatchObject({
      "namespace /pf-airflow": "does not exist",
      "namespace /pf-data": "does not exist",
      "serviceAccount pf-airflow/airflow-worker": "does not exist",
      "serviceAccount pf-data/pf-runner": "does not exist",
      "secret pf-airflow/pf-fernet": "does not exist",
      "secret pf-airflow/pf-git-ssh": "does not exist",
      "secret pf-data/pf-db": "does not exist",
      "configMap pf-data/pf-config": "does not exist",
      "claim pf-data/pf-raw": "does not exist",
      "claim pf-data/pf-models": "does not exist",
      "imagePullSecret pf-data/pf-pull": "does not exist",
    });
    expect(problems["podLaunching pf-data/airflow-worker"]).toMatch(/^may not create pods, get pods, list pods, watch pods, patch pods, delete pods, get pods\/log, list events in namespace pf-data$/);
    // No key Secret of an environment the run did not ask for.
    expect(Object.keys(problems).some((k) => k.includes("pf-metadata-db"))).toBe(false);
    const fixes = Object.fromEntries(r.findings.map((f) => [`${f.kind} ${f.namespace ?? ""}/${f.name}`, f.fix]));
    expect(fixes["namespace /pf-data"]).toEqual(["kubectl create namespace pf-data"]);
    expect(fixes["serviceAccount pf-data/pf-runner"]).toEqual(["kubectl apply -f generated/k8s/sa-pf-data-pf-runner.yaml"]);
    expect(fixes["secret pf-data/pf-db"]).toEqual(["kubectl -n pf-data create secret generic pf-db --from-literal=password=<value> --from-literal=username=<value>"]);
    expect(fixes["claim pf-data/pf-raw"]).toEqual(["kubectl apply -f generated/k8s/pvc-pf-data-pf-raw.yaml"]);
    expect(fixes["podLaunching pf-data/airflow-worker"]).toEqual(["kubectl apply -f generated/k8s/rbac-pf-data-role.yaml -f generated/k8s/rbac-pf-data-rolebinding.yaml"]);
    expect(fixes["serviceAccount pf-airflow/airflow-worker"]).toEqual(["helm upgrade --install airflow apache-airflow/airflow --version 1.19.0 -n pf-airflow -f airflow-helm-values/values.yaml"]);

    const text = await run();
    expect(text.code).toBe(1);
    expect(text.out).toContain("missing   secret pf-data/pf-db does not exist\n          used by pf_pipeline.extract\n          kubectl -n pf-data create secret generic pf-db");
    expect(text.out).toMatch(/\n\d+ missing, 0 unchecked, 0 present$/);
  });

  it("finds what is there but incomplete: a missing key, an empty Secret read whole, an unbound claim, a pull Secret of the wrong type", async () => {
    for (const ns of ["pf-airflow", "pf-data"]) cluster.kubectlOk(["create", "namespace", ns]);
    cluster.kubectlOk(["-n", "pf-data", "create", "secret", "generic", "pf-db", `--from-literal=password=${SECRET_VALUE}`]);
    cluster.kubectlOk(["-n", "pf-data", "create", "secret", "generic", "pf-extra"]);
    cluster.kubectlOk(["-n", "pf-data", "create", "configmap", "pf-config", "--from-literal=other=1"]);
    cluster.kubectlOk(["-n", "pf-data", "create", "secret", "generic", "pf-pull", `--from-literal=token=${SECRET_VALUE}`]);
    cluster.kubectlOk(["-n", "pf-data", "create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "pf-models" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }));
    const r = await findings();
    expect(r.code).toBe(1);
    expect(problemsOf(r.findings)).toMatchObject({
      "secret pf-data/pf-db": 'has no key "username"',
      "secret pf-data/pf-extra": "has no keys, and its keys are read as environment variables",
      "configMap pf-data/pf-config": 'has no key "url"',
      "imagePullSecret pf-data/pf-pull": "is of type Opaque, not kubernetes.io/dockerconfigjson",
      "claim pf-data/pf-models": "is Pending, not bound to a volume",
    });
    const fix = r.findings.find((f) => f.name === "pf-db")!.fix;
    expect(fix).toEqual([`kubectl -n pf-data patch secret pf-db --type=merge -p '{"stringData":{"username":"<value>"}}'`]);
    expect(r.out).not.toContain(SECRET_VALUE);
    expect(r.out).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
  });

  it("is satisfied once its own commands have run (and the claims are bound): exit 0, and no Secret value in any output", async () => {
    const before = await findings();
    for (const f of before.findings.filter((x) => x.status === "missing")) {
      // The chart's accounts come with `helm install`, whose objects the tests above apply; here they stand in.
      if (f.kind === "serviceAccount" && f.fix[0]!.startsWith("helm ")) cluster.kubectlOk(["-n", f.namespace!, "create", "serviceaccount", f.name]);
      else if (f.kind === "claim") continue;
      else for (const command of f.fix) runFix(command);
    }
    const claims = (await findings()).findings.filter((f) => f.kind === "claim" && f.status !== "ok");
    expect(claims.map((c) => c.name).sort()).toEqual(["pf-models", "pf-raw"]);
    for (const c of claims) {
      if (c.problem === "does not exist") for (const command of c.fix) runFix(command);
      bindClaim(cluster, c.namespace!, c.name);
    }
    const after = await findings();
    expect(problemsOf(after.findings)).toEqual({});
    expect(after.code).toBe(0);
    const text = await run();
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/\n0 missing, 0 unchecked, \d+ present$/);
    for (const output of [after.out, text.out, text.err]) {
      expect(output).not.toContain(SECRET_VALUE);
      expect(output).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
    }
  });

  it("--env checks that environment's Secrets; an unknown environment is bad usage", async () => {
    const prod = await findings("--env", "prod");
    expect(prod.code).toBe(1);
    expect(problemsOf(prod.findings)).toEqual({ "secret pf-airflow/pf-metadata-db": "does not exist" });
    expect(prod.findings.find((f) => f.name === "pf-metadata-db")!.fix).toEqual(["kubectl -n pf-airflow create secret generic pf-metadata-db --from-literal=connection=<value>"]);
    const unknown = await run("--env", "prd");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('the deployment has no environment "prd": its environments are prod');
  });

  it("an account that may not read Secrets or ask about RBAC gets 'unchecked' (exit 1), never a false 'present'", async () => {
    cluster.kubectlOk(["-n", "pf-airflow", "create", "serviceaccount", "pf-viewer"]);
    cluster.kubectlOk(["create", "clusterrole", "pf-viewer", "--verb=get", "--resource=namespaces,serviceaccounts,persistentvolumeclaims,configmaps"]);
    cluster.kubectlOk(["create", "clusterrolebinding", "pf-viewer", "--clusterrole=pf-viewer", "--serviceaccount=pf-airflow:pf-viewer"]);
    const token = cluster.kubectlOk(["-n", "pf-airflow", "create", "token", "pf-viewer"]).trim();
    const kubeconfig = cluster.kubeconfigFor("pf-viewer", token);
    const out: string[] = [];
    const code = await main(["preflight", "--config", path.join(root, "airflow-ts.config.ts"), "--kubeconfig", kubeconfig, "--format", "json"], { out: (t) => out.push(t), err: () => {}, cwd: root });
    expect(code).toBe(1);
    const list = (JSON.parse(out.join("\n")) as { findings: JsonFinding[] }).findings;
    const byStatus = (s: string) => list.filter((f) => f.status === s).map((f) => f.kind);
    expect(new Set(byStatus("unchecked"))).toEqual(new Set(["secret", "imagePullSecret", "podLaunching"]));
    expect(byStatus("missing")).toEqual([]);
    expect(new Set(byStatus("ok"))).toEqual(new Set(["namespace", "serviceAccount", "configMap", "claim"]));
  });

  it("an unreachable server or an unknown context is reported, not thrown", async () => {
    const r = await run("--context", "nope");
    expect(r.code).toBe(1);
    expect(r.err).toContain('context "nope" is not in the kubeconfig (contexts: admin');
    const dead = cluster.kubeconfigFor("dead", "x");
    fs.writeFileSync(dead, fs.readFileSync(dead, "utf8").replace(/https:\/\/127\.0\.0\.1:\d+/, "https://127.0.0.1:1"));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["preflight", "--config", path.join(root, "airflow-ts.config.ts"), "--kubeconfig", dead], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(/cannot reach https:\/\/127\.0\.0\.1:1/);
  });
}
