#!/usr/bin/env node
"use strict";
// Warm parse of generated DAG files against hand-written anchors (test/bench/anchors/), on both Airflow lines.
// For each case: compile (or take the committed generated file), prove the two files equivalent (same DAG, graph
// and pods: test/bench/parse_once.py), then time their import in one Python process, alternating, and print the
// medians and the ratio generated / anchor. Bytecode is cached (as the DAG processor's imports cache it), in a
// temporary folder. `node test/bench/parse-bench.js [runs] [runs for 5,000 tasks]`.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO = path.join(__dirname, "..", "..");
const ANCHORS = path.join(__dirname, "anchors");

/** The README's first pipeline: the 3-task ETL a new project starts from. */
const SEED = `import { configMap, cron, pipeline, secret, volume } from "airflow-ts";

const raw = volume.claim("etl-raw");
const db = secret("warehouse-db");
const cfg = configMap("etl-config");

export default pipeline(
  { id: "nightly_sales_etl", schedule: cron("0 2 * * *", { dataInterval: true }), start: "2026-01-01",
    catchup: true, defaults: { retries: 3, retryDelay: "5m", namespace: "data" } },
  (p) => {
    const extract = p.pod("extract", {
      image: "ghcr.io/acme/extract:1.4.2",
      args: ["--date", "{{ ds }}", "--out", "/data/raw/{{ ds }}"],
      env: { SOURCE_URL: cfg.key("source_url"), DB_PASSWORD: db.key("password") },
      mounts: [raw.at("/data")],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    });
    const transform = p.pod("transform", { image: "ghcr.io/acme/transform:2.0.1", mounts: [raw.at("/data")] }).after(extract);
    p.pod("load", { image: "ghcr.io/acme/load:3.2.0", mounts: [raw.at("/data", { readOnly: true })] }).after(transform);
  },
);
`;

/** 5,000 pod tasks: 100 chains of 50, the heads of chains 1-99 fanned out from the head of chain 0. */
function wideDag(chains = 100, length = 50) {
  const lines = [];
  for (let c = 0; c < chains; c++) {
    for (let t = 0; t < length; t++) {
      const after = t > 0 ? `.after(c${c}_t${t - 1})` : c > 0 ? ".after(c0_t0)" : "";
      lines.push(`  const c${c}_t${t} = p.pod("c${c}_t${t}", { image: "ghcr.io/acme/step:1.${t}", args: ["--date", "{{ ds }}", "--chain", "${c}", "--step", "${t}"],
    env: { DB_PASSWORD: db.key("password"), MODE: "batch" }, mounts: [raw.at("/data")],
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } } })${after};`);
    }
  }
  return `import { cron, pipeline, secret, volume } from "airflow-ts";\nconst db = secret("db");\nconst raw = volume.claim("raw");\n` +
    `export default pipeline({ id: "wide_5000", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false, defaults: { retries: 2 } }, (p) => {\n${lines.join("\n")}\n});\n`;
}

/** Compiles one pipeline source in a temporary project; returns the DAG file's path. */
function compiled(name, source, dir) {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, "pipelines"), { recursive: true });
  fs.writeFileSync(path.join(root, "airflow-ts.config.ts"), `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"] });\n`);
  fs.writeFileSync(path.join(root, "pipelines", `${name}.pipeline.ts`), source);
  execFileSync(process.execPath, [path.join(__dirname, "compile-once.js"), path.join(root, "airflow-ts.config.ts")]);
  const dags = path.join(root, "generated", "dags");
  return path.join(dags, fs.readdirSync(dags).find((f) => f.endsWith(".py")));
}

function main() {
  // 300 imports: a one-task file parses in about 0.5 ms, and the median of 30 moved by ±3% between runs (1.03× and
  // 0.98× for the same two files); of 300, by ±1%.
  const runs = Number(process.argv[2] ?? 300);
  const wideRuns = Number(process.argv[3] ?? 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-parse-"));
  const examples = fs.readdirSync(path.join(REPO, "generated", "dags")).filter((f) => f.endsWith(".py")).sort();
  // An example without its hand-written anchor is said up front, in one line naming the file to write, and fails the
  // run at the end: the other cases are still measured.
  const missing = examples.filter((f) => !fs.existsSync(path.join(ANCHORS, f)));
  for (const f of missing) {
    console.error(`no anchor for generated/dags/${f}: write test/bench/anchors/${f}, the hand-written equivalent of its example (see the other anchors)`);
  }
  const cases = [
    { name: "seed 3-task ETL (README)", generated: compiled("seed_etl", SEED, dir), anchor: "seed_etl.py", runs },
    ...examples.filter((f) => !missing.includes(f))
      .map((f) => ({ name: `examples: ${f}`, generated: path.join(REPO, "generated", "dags", f), anchor: f, runs })),
    { name: "5,000 tasks (100 chains x 50, fan-out; pods of 1 task in 25 compared)", generated: compiled("wide_5000", wideDag(), dir), anchor: "wide_5000.py", runs: wideRuns, podEvery: 25 },
  ];
  const failed = [...missing.map((f) => `${f}: no anchor`)];
  const lines = ["airflow3", "airflow2"].map((line) => {
    const venv = execFileSync(path.join(REPO, "test", "airflow", "setup-env.sh"), [line], { encoding: "utf8" }).trim();
    const python = path.join(venv, "bin", "python");
    const version = execFileSync(python, ["-c", "import airflow; print(airflow.__version__)"], { encoding: "utf8", env: { ...process.env, AIRFLOW_HOME: dir } }).trim();
    return { line, python, version };
  });
  console.log(`Warm parse, generated vs hand-written anchor (equivalence checked first), ${new Date().toISOString().slice(0, 10)}, ` +
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}); median of N imports in one process, alternating`);
  console.log("| case | Airflow | generated | anchor | ratio |\n| --- | --- | --- | --- | --- |");
  for (const c of cases) {
    for (const { python, version } of lines) {
      let out;
      try {
        out = execFileSync(python, [path.join(__dirname, "parse_once.py"), c.generated, path.join(ANCHORS, c.anchor), String(c.runs), String(c.podEvery ?? 1)],
          { encoding: "utf8", env: { ...process.env, AIRFLOW_HOME: dir, PYTHONDONTWRITEBYTECODE: "", PYTHONPYCACHEPREFIX: path.join(dir, "pycache") }, maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "pipe"] });
      } catch (error) {
        // Not equivalent (parse_once.py lists the differences), or the file does not load: said, and the run fails.
        const said = String(error.stderr ?? "").split("\n").filter((l) => /^(not equivalent|\.|\w*Error)/.test(l));
        console.log(`| ${c.name} | ${version} | not measured: see below | | |`);
        failed.push(`${c.anchor} on Airflow ${version}:\n  ${(said.length ? said : [String(error.message)]).slice(0, 30).join("\n  ")}`);
        continue;
      }
      const r = JSON.parse(out.trim().split("\n").pop());
      const ms = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(2)} ms`);
      console.log(`| ${c.name} | ${version} | ${ms(r.generatedMs)} | ${ms(r.anchorMs)} | ${(r.generatedMs / r.anchorMs).toFixed(2)}× |`);
    }
  }
  if (process.env.KEEP_PARSE_BENCH) console.log(`files kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  if (failed.length > 0) {
    console.error(`\nparse bench FAILED for ${failed.length} case(s):\n${failed.join("\n")}`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
module.exports = { SEED, wideDag, compiled };
