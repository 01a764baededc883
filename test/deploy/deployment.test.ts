import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { validateKubernetes, toolsVenv } from "../airflow/airflow-env";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";
import { checkHelmValues } from "../../src/validate/check-helm-values";

const REPO = path.resolve(__dirname, "..", "..");
const SHARED_SCHEMA = path.resolve(REPO, "..", "shared", "airflow-chart", "1.19.0", "values.schema.json");
const VALUES = path.join(REPO, "airflow-helm-values");

/** Values as Helm merges `-f a.yaml -f b.yaml`: maps deep-merged, lists replaced, null deletes the key. */
function helmMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = helmMerge(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates with Python's jsonschema (Draft 7), independent of the compiler's ajv, against ../shared's schema. */
function chartSchemaErrors(values: Record<string, unknown>): string[] {
  const script = `
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
values = json.load(sys.stdin)
print(json.dumps([f"{'.'.join(map(str, e.path))}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(values)]))`;
  const out = execFileSync(path.join(toolsVenv(), "bin", "python"), ["-c", script, SHARED_SCHEMA], { input: JSON.stringify(values), encoding: "utf8" });
  return JSON.parse(out) as string[];
}

/** A config with a deployment; `fields` replace or add deployment options (TypeScript source fragments). */
function DEPLOYMENT(fields: Record<string, string> = {}): string {
  const merged: Record<string, string> = {
    airflowVersion: `"3.1.7"`,
    namespace: `"airflow"`,
    gitSync: `{ repo: "https://git.example.com/acme/pipelines.git" }`,
    secrets: `{ fernetKey: "fernet", webSecretKey: "api-key", jwtSecret: "jwt" }`,
    ...fields,
  };
  return `import { defineConfig } from "airflow-ts";
export default defineConfig({
  pipelines: ["pipelines/**/*.pipeline.ts"],
  deployment: {
${Object.entries(merged).map(([k, v]) => `    ${k}: ${v},`).join("\n")}
  },
});
`;
}

describe("Helm values for the official chart", () => {
  it("the vendored chart schema is the one in ../shared", () => {
    expect(fs.readFileSync(path.join(REPO, "src/validate/chart/values.schema.json"), "utf8")).toBe(fs.readFileSync(SHARED_SCHEMA, "utf8"));
  });

  it("every values file of the examples, merged as Helm merges it, is valid for chart 1.19.0 (Python jsonschema)", () => {
    const base = parse(fs.readFileSync(path.join(VALUES, "values.yaml"), "utf8")) as Record<string, unknown>;
    const files = fs.readdirSync(VALUES).filter((f) => f.endsWith(".yaml"));
    expect(files.sort()).toEqual(["values-dev.yaml", "values-prod.yaml", "values.yaml"]);
    for (const file of files) {
      const values = file === "values.yaml" ? base : helmMerge(base, parse(fs.readFileSync(path.join(VALUES, file), "utf8")) as Record<string, unknown>);
      expect(chartSchemaErrors(values), file).toEqual([]);
    }
    const prod = helmMerge(base, parse(fs.readFileSync(path.join(VALUES, "values-prod.yaml"), "utf8")) as Record<string, unknown>);
    expect(prod).toMatchObject({ postgresql: { enabled: false }, data: { metadataSecretName: "airflow-metadata-db" }, ingress: { apiServer: { enabled: true, ingressClassName: "nginx" } } });
    expect(base).toMatchObject({ executor: "KubernetesExecutor", dags: { gitSync: { enabled: true, subPath: "generated/dags", sshKeySecret: "airflow-git-ssh" } }, jwtSecretName: "airflow-jwt-secret" });
  });

  it("the chart-schema check names the key path of what Helm would refuse", () => {
    const found = checkHelmValues({ dags: { gitSync: { enabeld: true } }, executor: "Kubernetes" }, "values.yaml");
    expect(found.map((d) => [d.code, d.path])).toEqual(expect.arrayContaining([["invalid-helm-values", "dags.gitSync"], ["invalid-helm-values", "executor"]]));
    expect(found.map((d) => d.message).join("\n")).toMatch(/enabeld/);
    expect(chartSchemaErrors({ dags: { gitSync: { enabeld: true } } })).not.toEqual([]);
  });

  it("uses Airflow 2's keys for Airflow 2, and the multi-executor form on Airflow 3", () => {
    const two = tempProject({
      "airflow-ts.config.ts": DEPLOYMENT({ airflowVersion: `"2.11.2"`, secrets: `{ fernetKey: "fernet", webSecretKey: "web-key" }`, ui: `{ ingress: { host: "af.example.com" } }` }),
      "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`),
    });
    expect(compileIn(two).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const v2 = parse(fs.readFileSync(path.join(two, "airflow-helm-values/values.yaml"), "utf8")) as Record<string, any>;
    expect(v2.webserverSecretKeySecretName).toBe("web-key");
    expect(v2.ingress.web.hosts[0].name).toBe("af.example.com");
    expect(v2.apiServer).toBeUndefined();
    expect(chartSchemaErrors(v2)).toEqual([]);

    const three = tempProject({ "airflow-ts.config.ts": DEPLOYMENT({ executor: `["CeleryExecutor", "KubernetesExecutor"]` }), "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    expect(compileIn(three).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const v3 = parse(fs.readFileSync(path.join(three, "airflow-helm-values/values.yaml"), "utf8")) as Record<string, any>;
    expect(v3.executor).toBe("CeleryExecutor,KubernetesExecutor");
    expect(v3.apiSecretKeySecretName).toBe("api-key");
    expect(chartSchemaErrors(v3)).toEqual([]);
  });

  it("gives the UI server a synced checkout (git-sync sidecar) where the plugin, manifest and DAG files are, on both lines and both git auths", () => {
    const cases = [
      { name: "examples (Airflow 3, SSH key)", values: parse(fs.readFileSync(path.join(VALUES, "values.yaml"), "utf8")) as Record<string, any>, ui: "apiServer" },
      ...[
        { line: `"2.11.2"`, secrets: `{ fernetKey: "f", webSecretKey: "w" }`, ui: "webserver" },
        { line: `"3.1.7"`, secrets: `{ fernetKey: "f", webSecretKey: "w", jwtSecret: "j" }`, ui: "apiServer" },
      ].map(({ line, secrets, ui }) => {
        const root = tempProject({
          "airflow-ts.config.ts": DEPLOYMENT({ airflowVersion: line, secrets, gitSync: `{ repo: "https://git.example.com/acme/pipelines.git", credentialsSecret: "git-creds", projectPath: "data" }` }),
          "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`),
        });
        expect(compileIn(root).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        return { name: `Airflow ${line} with HTTPS credentials`, values: parse(fs.readFileSync(path.join(root, "airflow-helm-values/values.yaml"), "utf8")) as Record<string, any>, ui };
      }),
    ];
    const pods: Record<string, unknown> = {};
    for (const { name, values, ui } of cases) {
      const server = values[ui];
      const [sidecar] = server.extraContainers;
      const env = Object.fromEntries(sidecar.env.map((e: { name: string; value?: string }) => [e.name, e.value ?? e]));
      // Same repository and ref as the chart's own git-sync, and the same layout: <mount>/<link>/<project>/generated/plugins.
      expect(env.GITSYNC_REPO, name).toBe(values.dags.gitSync.repo);
      expect(env.GITSYNC_REF, name).toBe(values.dags.gitSync.ref);
      const mount = server.extraVolumeMounts.find((m: { name: string }) => m.name === sidecar.volumeMounts[0].name);
      expect(mount.readOnly).toBe(true);
      expect(values.config.core.plugins_folder, name).toBe(`${mount.mountPath}/${env.GITSYNC_LINK}/${values.dags.gitSync.subPath.replace(/dags$/, "plugins")}`);
      if (values.dags.gitSync.credentialsSecret) expect(env.GITSYNC_PASSWORD).toEqual({ name: "GITSYNC_PASSWORD", valueFrom: { secretKeyRef: { name: "git-creds", key: "GITSYNC_PASSWORD" } } });
      else expect(sidecar.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: "/etc/git-secret/ssh", subPath: "gitSshKey" }));
      expect(chartSchemaErrors(values), name).toEqual([]);
      // The container and its volumes as the API server would check them, in a pod of their own.
      pods[name] = { apiVersion: "v1", kind: "Pod", metadata: { name: "ui" }, spec: { containers: [sidecar], volumes: server.extraVolumes } };
    }
    expect(validateKubernetes(pods)).toEqual({});
  });

  it("turns on multiNamespaceMode by itself when tasks use other namespaces", () => {
    const root = tempProject({ "airflow-ts.config.ts": DEPLOYMENT(), "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1", namespace: "data" });`) });
    compileIn(root);
    const values = parse(fs.readFileSync(path.join(root, "airflow-helm-values/values.yaml"), "utf8")) as Record<string, unknown>;
    expect(values.multiNamespaceMode).toBe(true);
    expect(fs.existsSync(path.join(root, "generated/k8s"))).toBe(false);
  });
});

describe("Kubernetes manifests and the manifest of external objects", () => {
  it("every manifest in generated/k8s validates against Kubernetes 1.33 (strict schema and name rules)", () => {
    const dir = path.join(REPO, "generated/k8s");
    const objects = Object.fromEntries(fs.readdirSync(dir).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map((d, i) => [`${f}#${i}`, d.toJS()])));
    const kinds = Object.values(objects).map((o) => (o as { kind: string }).kind);
    expect(new Set(kinds)).toEqual(new Set(["PersistentVolumeClaim", "Role", "RoleBinding", "ServiceAccount"]));
    expect(validateKubernetes(objects)).toEqual({});
    expect(objects["rbac-data-rolebinding.yaml#0"]).toMatchObject({ metadata: { namespace: "data" }, subjects: expect.arrayContaining([{ kind: "ServiceAccount", name: "airflow-worker", namespace: "airflow" }]) });
  });

  it("manifest.json lists every Secret, ConfigMap, claim, namespace, service account, pull secret and pool, with its users", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "generated/manifest.json"), "utf8"));
    const deps = manifest.dependsOn;
    expect(deps.secrets.find((s: { name: string; namespace: string }) => s.name === "warehouse-db" && s.namespace === "data")).toMatchObject({ namespace: "data", keys: expect.arrayContaining(["password"]) });
    expect(deps.claims.map((c: { name: string }) => c.name).sort()).toEqual(["etl-raw", "feature-store", "model-registry", "sales-lake"]);
    expect(deps.claims.find((c: { name: string }) => c.name === "etl-raw").create).toMatchObject({ size: "50Gi" });
    expect(deps.namespaces.map((n: { name: string }) => n.name)).toEqual(["analytics", "data", "ml"]);
    expect(deps.imagePullSecrets[0]).toMatchObject({ name: "ghcr-pull", usedBy: expect.arrayContaining([{ pipeline: "nightly_sales_etl", task: "extract" }]) });
    expect(deps.pools.map((p: { name: string }) => p.name)).toContain("warehouse");
    expect(deps.serviceAccounts.find((s: { name: string }) => s.name === "trainer")).toMatchObject({ namespace: "ml" });
    expect(deps.configMaps[0]).toMatchObject({ name: "etl-config" });
  });
});

describe("deployment errors", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["an executor Airflow 3 removed", { executor: `"CeleryKubernetesExecutor"` }, "invalid-executor", "executor:"],
    ["several executors on Airflow 2", { executor: `["CeleryExecutor", "KubernetesExecutor"]`, airflowVersion: `"2.11.2"`, secrets: `{ fernetKey: "f", webSecretKey: "w" }` }, "invalid-executor", "executor:"],
    ["a bad namespace", { namespace: `"Airflow"` }, "invalid-namespace", 'namespace: "Airflow"'],
    ["two git auth methods", { gitSync: `{ repo: "r", sshKeySecret: "a", credentialsSecret: "b" }` }, "invalid-git-auth", "gitSync:"],
    ["Helm template text in the git repository (the chart runs tpl over the UI server's containers)", { gitSync: `{ repo: "https://git.example.com/{{ .Release.Name }}.git" }` }, "helm-template-text", "gitSync:"],
    // A typo is TypeScript's to catch, with its own suggestion.
    ["an unknown option", { enviroments: "{}" }, "TS2561", "enviroments"],
  ];
  it.each(cases)("%s is an error at its line in the config", (_what, fields, code, marker) => {
    const config = DEPLOYMENT(fields);
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    const result = compileIn(root);
    const found = result.diagnostics.find((d) => d.code === code);
    expect(found, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(found!.location!.file).toBe(path.join(root, "airflow-ts.config.ts"));
    expect(found!.location!.line).toBe(lineOf(config, marker));
    expect(found!.hint).toBeTruthy();
    expect(fs.existsSync(path.join(root, "airflow-helm-values"))).toBe(false);
  });

  it("creates the ServiceAccounts tasks run as, in each namespace that uses them, with the tasks' image pull Secrets", () => {
    const body = [
      `p.pod("a", { image: "x:1", namespace: "data", serviceAccount: "runner", imagePullSecrets: ["reg-b", "reg-a"] });`,
      `p.pod("b", { image: "x:1", namespace: "ml", serviceAccount: "runner" });`,
      `p.pod("c", { image: "x:1", serviceAccount: "made-elsewhere" });`,
      `p.pod("d", { image: "x:1" });`,
    ].join("\n");
    const config = DEPLOYMENT({ serviceAccounts: `["runner"]`, existing: `{ serviceAccounts: ["made-elsewhere"], imagePullSecrets: ["reg-a", "reg-b"] }` });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(body) });
    expect(compileIn(root).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const dir = path.join(root, "generated/k8s");
    const accounts = fs.readdirSync(dir).filter((f) => f.startsWith("sa-")).sort();
    expect(accounts).toEqual(["sa-data-runner.yaml", "sa-ml-runner.yaml"]);
    const data = parse(fs.readFileSync(path.join(dir, "sa-data-runner.yaml"), "utf8"));
    expect(data).toEqual({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "runner", namespace: "data", labels: { "app.kubernetes.io/managed-by": "airflow-ts" } }, imagePullSecrets: [{ name: "reg-a" }, { name: "reg-b" }] });
    expect(parse(fs.readFileSync(path.join(dir, "sa-ml-runner.yaml"), "utf8")).imagePullSecrets).toBeUndefined();
    expect(validateKubernetes({ data, ml: parse(fs.readFileSync(path.join(dir, "sa-ml-runner.yaml"), "utf8")) })).toEqual({});
  });

  it("a ServiceAccount, Secret or ConfigMap (or a key of one) that nobody creates or declares is an error at the task that uses it", () => {
    const body = [
      `const db = secret("db"); const cfg = configMap("cfg"); const other = secret("other");`,
      `p.pod("runs_as", { image: "x:1", serviceAccount: "ghost" });`,
      `p.pod("reads_key", { image: "x:1", env: { PW: db.key("password"), MODE: cfg.key("mode") } });`,
      `p.pod("reads_undeclared_key", { image: "x:1", env: { TOKEN: db.key("token") } });`,
      `p.pod("reads_all", { image: "x:1", envFrom: [other.all()] });`,
      `p.pod("default_account", { image: "x:1", serviceAccount: "default" });`,
    ].join("\n");
    const pipeline = pipelineModule(body);
    const config = DEPLOYMENT({ existing: `{ secrets: { db: ["password"] }, configMaps: { cfg: ["mode"] } }` });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipeline });
    const result = compileIn(root);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.location!.line]).sort()).toEqual(
      [
        ["unknown-service-account", lineOf(pipeline, `p.pod("runs_as"`)],
        ["unknown-secret-key", lineOf(pipeline, `p.pod("reads_undeclared_key"`)],
        ["unknown-secret", lineOf(pipeline, `p.pod("reads_all"`)],
      ].sort(),
    );
    for (const e of errors) {
      expect(e.location!.file).toBe(path.join(root, "pipelines/a.pipeline.ts"));
      expect(e.hint).toMatch(/deployment\.(serviceAccounts|existing)/);
    }
    expect(errors.find((e) => e.code === "unknown-secret-key")!.message).toMatch(/"db".*"token"/);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);

    // Declared, everything compiles; without a deployment nothing is required (manifest.json lists them).
    const fixed = DEPLOYMENT({ existing: `{ serviceAccounts: ["ghost"], secrets: { db: ["password", "token"], other: [] }, configMaps: { cfg: ["mode"] } }` });
    const ok = tempProject({ "airflow-ts.config.ts": fixed, "pipelines/a.pipeline.ts": pipeline });
    expect(compileIn(ok).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const bare = tempProject({ "pipelines/a.pipeline.ts": pipeline });
    expect(compileIn(bare).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(bare, "generated/manifest.json"), "utf8"));
    expect(manifest.dependsOn.serviceAccounts.map((a: { name: string }) => a.name)).toContain("ghost");
  });

  it("SSH git-sync without knownHosts is a warning naming the risk, at gitSync; with knownHosts, none, and host keys are checked", () => {
    const config = DEPLOYMENT({ gitSync: `{ repo: "git@github.com:acme/p.git", sshKeySecret: "git-ssh" }` });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    const result = compileIn(root);
    const warning = result.diagnostics.find((d) => d.code === "git-host-keys-unverified");
    expect(warning).toMatchObject({ severity: "warning", location: { line: lineOf(config, "gitSync:") } });
    expect(warning!.message).toMatch(/any host key/);
    expect(warning!.hint).toMatch(/knownHosts/);
    const values = parse(fs.readFileSync(path.join(root, "airflow-helm-values/values.yaml"), "utf8"));
    expect(values.apiServer.extraContainers[0].env).toContainEqual({ name: "GITSYNC_SSH_KNOWN_HOSTS", value: "false" });

    const keys = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    const safe = tempProject({ "airflow-ts.config.ts": DEPLOYMENT({ gitSync: `{ repo: "git@github.com:acme/p.git", sshKeySecret: "git-ssh", knownHosts: "${keys}" }` }), "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    expect(compileIn(safe).diagnostics.filter((d) => d.code === "git-host-keys-unverified")).toEqual([]);
    const safeValues = parse(fs.readFileSync(path.join(safe, "airflow-helm-values/values.yaml"), "utf8"));
    expect(safeValues.dags.gitSync.knownHosts).toBe(keys);
    for (const c of [...safeValues.apiServer.extraInitContainers, ...safeValues.apiServer.extraContainers]) {
      expect(c.env).toContainEqual({ name: "GITSYNC_SSH_KNOWN_HOSTS", value: "true" });
    }
  });

  it("an environment overlay never writes null over a chart default: it writes the default back", () => {
    const config = DEPLOYMENT({
      ui: `{ service: { type: "NodePort" } }`,
      logs: `{ remote: { baseLogFolder: "s3://logs", connectionId: "aws" } }`,
      environments: `{ prod: { ui: { ingress: { host: "af.example.com" } }, logs: { persistence: { size: "1Gi" } } } }`,
    });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    expect(compileIn(root).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const text = fs.readFileSync(path.join(root, "airflow-helm-values/values-prod.yaml"), "utf8");
    expect(text).not.toMatch(/: null$|: ~$/m);
    const prod = parse(text);
    // Back to the chart's: the Service type, and remote logging (the chart's own template), its folder unset.
    expect(prod.apiServer.service).toEqual({ type: "ClusterIP" });
    expect(prod.config.logging).toEqual({ remote_logging: '{{- ternary "True" "False" (or .Values.elasticsearch.enabled .Values.opensearch.enabled) }}', remote_base_log_folder: "", remote_log_conn_id: "" });
  });

  it("with per-namespace roles, an environment may not move the release (the generated RoleBindings name the base's accounts)", () => {
    const config = DEPLOYMENT({ podLaunching: `"perNamespaceRoles"`, environments: `{ prod: { release: "airflow-prod" } }` });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1", namespace: "data" });`) });
    const found = compileIn(root).diagnostics.find((d) => d.code === "environment-moves-roles");
    expect(found).toMatchObject({ severity: "error", path: "config.deployment.environments.prod.release" });
    expect(found!.location!.line).toBe(lineOf(config, "environments:"));
  });

  it("Airflow 3 without a JWT secret", () => {
    const config = DEPLOYMENT().replace(', jwtSecret: "jwt"', "");
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    expect(compileIn(root).diagnostics.map((d) => d.code)).toContain("missing-jwt-secret");
  });

  it("reports what the pipelines need and the deployment lacks, at the task that needs it, all together", () => {
    const body = [
      `p.pod("mounts", { image: "x:1", mounts: [volume.claim("scratch").at("/s")] });`,
      `p.pod("pulls", { image: "x:1", imagePullSecrets: ["private-registry"] });`,
      `const shared = volume.claim("shared", { create: { size: "1Gi" } });`,
      `p.pod("here", { image: "x:1", mounts: [shared.at("/a")] });`,
      `p.pod("there", { image: "x:1", namespace: "data", mounts: [shared.at("/a")] });`,
    ].join("\n");
    const pipeline = pipelineModule(body);
    const root = tempProject({ "airflow-ts.config.ts": DEPLOYMENT({ podLaunching: `"releaseNamespace"` }), "pipelines/a.pipeline.ts": pipeline });
    const result = compileIn(root);
    const at = (code: string) => result.diagnostics.filter((d) => d.code === code).map((d) => d.location!.line);
    expect(at("unknown-claim")).toEqual([lineOf(pipeline, `p.pod("mounts"`)]);
    expect(at("unknown-image-pull-secret")).toEqual([lineOf(pipeline, `p.pod("pulls"`)]);
    expect(at("claim-in-several-namespaces")).toHaveLength(1);
    expect(at("namespace-not-launchable")).toEqual([lineOf(pipeline, `p.pod("there"`)]);
    expect(result.files).toEqual([]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("an environment that moves the release namespace takes tasks without a namespace with it", () => {
    const config = DEPLOYMENT({ podLaunching: `"releaseNamespace"`, environments: `{ prod: { namespace: "airflow-prod" } }` });
    const root = tempProject({ "airflow-ts.config.ts": config, "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    const result = compileIn(root);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The namespace is helm's -n, not a value: prod's overlay has nothing to change, so no multiNamespaceMode.
    const prod = (parse(fs.readFileSync(path.join(root, "airflow-helm-values/values-prod.yaml"), "utf8")) ?? {}) as Record<string, unknown>;
    expect(prod).toEqual({});
  });

  it("check reports a hand-edited values file as stale", () => {
    const root = tempProject({ "airflow-ts.config.ts": DEPLOYMENT(), "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "x:1" });`) });
    compileIn(root);
    fs.appendFileSync(path.join(root, "airflow-helm-values/values.yaml"), "executor: CeleryExecutor\n");
    const check = compileIn(root, "check");
    expect(check.changes!.updated).toEqual(["../airflow-helm-values/values.yaml"]);
  });
});
