/**
 * The files `airflow-ts init` writes: a pipelines repository that compiles, checks and tests right after
 * `npm install`. Kept as text here (not files on disk) so the package ships them inside its JavaScript.
 */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** The versions the scaffold is tested with (this package's own dev dependencies). */
const TYPESCRIPT_VERSION = "6.0.2";
const VITEST_VERSION = "4.1.12";

export function scaffoldFiles(name: string, airflowTsVersion: string): ScaffoldFile[] {
  return [
    { path: "package.json", text: packageJson(name, airflowTsVersion) },
    { path: "tsconfig.json", text: TSCONFIG },
    { path: "airflow-ts.config.ts", text: CONFIG },
    { path: "pipelines/nightly-etl.pipeline.ts", text: PIPELINE },
    { path: "test/nightly-etl.test.ts", text: TEST },
    { path: ".gitignore", text: GITIGNORE },
    { path: ".github/workflows/airflow-ts.yml", text: WORKFLOW },
  ];
}

function packageJson(name: string, airflowTsVersion: string): string {
  const pkg = {
    name,
    private: true,
    type: "module",
    scripts: {
      compile: "airflow-ts compile",
      check: "airflow-ts check",
      typecheck: "tsc --noEmit",
      test: "vitest run",
    },
    dependencies: { "airflow-ts": `^${airflowTsVersion}` },
    devDependencies: { typescript: TYPESCRIPT_VERSION, vitest: VITEST_VERSION },
  };
  return JSON.stringify(pkg, null, 2) + "\n";
}

/** Strict, ESM: relative imports name the `.js` file, as Node and `tsc` require (`import { x } from "../lib/x.js"`). */
const TSCONFIG = `{
  // airflow-ts compile reads this file: it resolves imports and type-checks pipelines with these settings.
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2024"],
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "isolatedModules": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": []
  },
  "include": ["airflow-ts.config.ts", "pipelines", "lib", "test"]
}
`;

const CONFIG = `import { defineConfig } from "airflow-ts";

export default defineConfig({
  // Every file matching these globs is a pipeline: its default export becomes generated/dags/<id>.py.
  pipelines: ["pipelines/**/*.pipeline.ts"],
  outDir: "generated",

  // Uncomment to also get Helm values for the official Airflow chart (airflow-helm-values/) and the
  // Kubernetes objects the pipelines need (generated/k8s/). Every option has JSDoc: hover it in the editor.
  // deployment: {
  //   airflowVersion: "3.1.7",
  //   namespace: "airflow",
  //   gitSync: { repo: "git@github.com:acme/pipelines.git", ref: "main", sshKeySecret: "airflow-git-ssh" },
  //   secrets: { fernetKey: "airflow-fernet-key", webSecretKey: "airflow-api-secret-key", jwtSecret: "airflow-jwt-secret" },
  //   environments: { dev: { database: "embedded" } },
  // },
});
`;

const PIPELINE = `import { configMap, cron, pipeline, secret, volume } from "airflow-ts";

const raw = volume.claim("etl-raw"); // an existing PersistentVolumeClaim
const db = secret("warehouse-db"); // an existing Secret: only its name and key reach the DAG
const settings = configMap("etl-config");

/** Every night at 02:00 UTC: extract yesterday's sales, transform them, load them into the warehouse. */
export default pipeline(
  {
    id: "nightly_etl",
    description: "Nightly sales ETL: extract, transform, load",
    schedule: cron("0 2 * * *", { dataInterval: true }), // {{ ds }} is the day being processed
    start: "2026-01-01",
    catchup: false,
    defaults: { retries: 2, retryDelay: "5m" },
  },
  (p) => {
    const extract = p.pod("extract", {
      image: "ghcr.io/acme/extract:1.0.0",
      args: ["--date", "{{ ds }}", "--out", "/data/raw/{{ ds }}"],
      env: { SOURCE_URL: settings.key("source_url") },
      mounts: [raw.at("/data")],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    });
    const transform = p
      .pod("transform", { image: "ghcr.io/acme/transform:1.0.0", args: ["--date", "{{ ds }}"], mounts: [raw.at("/data")] })
      .after(extract);
    p.pod("load", {
      image: "ghcr.io/acme/load:1.0.0",
      args: ["--date", "{{ ds }}"],
      env: { DB_PASSWORD: db.key("password") },
      mounts: [raw.at("/data", { readOnly: true })],
    }).after(transform);
  },
);
`;

const TEST = `import { compileProject, type PodTaskModel } from "airflow-ts";
import { describe, expect, it } from "vitest";

// Compiles the project in memory (mode "check" writes nothing) and looks at the pipeline as Airflow will get it.
const result = compileProject({ configFile: "airflow-ts.config.ts", mode: "check" });
const etl = result.pipelines.find((p) => p.dagId === "nightly_etl");

describe("nightly_etl", () => {
  it("compiles without problems", () => {
    expect(result.diagnostics).toEqual([]);
    expect(etl).toBeDefined();
  });

  it("runs extract, then transform, then load", () => {
    expect(etl?.tasks.map((t) => [t.taskId, t.upstream])).toEqual([
      ["extract", []],
      ["transform", ["extract"]],
      ["load", ["transform"]],
    ]);
  });

  it("gives the load task the warehouse password from its Secret", () => {
    // Tasks are of several kinds (pods, Spark jobs): narrow to the pod task to read its container's env.
    const load = etl?.tasks.find((t): t is PodTaskModel => t.kind === "pod" && t.taskId === "load");
    expect(load?.env).toContainEqual({ name: "DB_PASSWORD", kind: "secretKey", source: "warehouse-db", key: "password", optional: false });
  });
});
`;

const GITIGNORE = `node_modules/
# (node_modules/.cache/airflow-ts/ is compile's cache: never committed, safe to delete, see airflow-ts's docs/internals.md)
# generated/ and airflow-helm-values/ are committed: Airflow's git-sync reads the DAGs from generated/dags.
`;

/** CI: committed DAGs must equal a fresh compile, and the pipelines' tests must pass. */
const WORKFLOW = `name: airflow-ts
on:
  push:
  pull_request:
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Type errors, invalid pipelines, or generated files that differ from the pipelines fail the build.
      - run: npx airflow-ts check
      - run: npm test
`;
