#!/usr/bin/env node
"use strict";
// npm run bench: compile synthetic projects of growing size, each in a fresh Node process, and print wall time
// and peak memory. Figures in docs/internals.md come from here; no test asserts on time.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const SIZES = (process.argv[2] ?? "1x5,50x10,200x10,500x20").split(",").map((s) => s.split("x").map(Number));

function makeProject(pipelines, tasks) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-bench-"));
  fs.mkdirSync(path.join(root, "pipelines"));
  fs.writeFileSync(path.join(root, "airflow-ts.config.ts"), `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"] });\n`);
  for (let i = 0; i < pipelines; i++) {
    const body = Array.from({ length: tasks }, (_, t) =>
      `  const t${t} = p.pod("task_${t}", { image: "ghcr.io/acme/step:1.${t}", args: ["--date", "{{ ds }}", "--part", "${t}"],
    env: { DB_PASSWORD: db.key("password"), MODE: "batch" }, mounts: [raw.at("/data")],
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } } })${t > 0 ? `.after(t${t - 1})` : ""};`).join("\n");
    fs.writeFileSync(path.join(root, "pipelines", `p${i}.pipeline.ts`),
      `import { cron, pipeline, secret, volume } from "airflow-ts";\nconst db = secret("db");\nconst raw = volume.claim("raw");\n` +
      `export default pipeline({ id: "bench_${i}", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false, defaults: { retries: 2 } }, (p) => {\n${body}\n});\n`);
  }
  return root;
}

console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"})`);
console.log("pipelines x tasks | compile (cold process) | peak RSS");
for (const [pipelines, tasks] of SIZES) {
  const root = makeProject(pipelines, tasks);
  const out = execFileSync(process.execPath, [path.join(__dirname, "compile-once.js"), path.join(root, "airflow-ts.config.ts")], { encoding: "utf8" });
  const { ms, maxRssMb, files } = JSON.parse(out);
  if (files !== pipelines + 2) throw new Error(`expected ${pipelines} DAG files, the plugin and the manifest, got ${files} files`);
  console.log(`${String(pipelines).padStart(9)} x ${String(tasks).padEnd(5)} | ${String(ms).padStart(8)} ms | ${maxRssMb} MB`);
  fs.rmSync(root, { recursive: true, force: true });
}

// The plugin's Pipelines page over a large compiled project, in the Airflow 3 venv the tests use.
const PAGE_SIZE = Number(process.argv[3] ?? 1000);
const python = path.join(execFileSync(path.join(__dirname, "..", "airflow", "setup-env.sh"), ["airflow3"], { encoding: "utf8" }).trim(), "bin", "python");
const root = makeProject(PAGE_SIZE, 5);
execFileSync(process.execPath, [path.join(__dirname, "compile-once.js"), path.join(root, "airflow-ts.config.ts")]);
const page = JSON.parse(execFileSync(python, [path.join(__dirname, "page_once.py"), path.join(root, "generated")], { encoding: "utf8", env: { ...process.env, AIRFLOW_HOME: root } }).trim().split("\n").pop());
console.log(`\nPipelines page, ${page.pipelines} pipelines x 5 tasks: first request ${page.coldMs} ms (every DAG file read and hashed), then ${page.warmMs} ms; ${page.htmlKb} KB of HTML; peak RSS ${page.maxRssMb} MB`);
fs.rmSync(root, { recursive: true, force: true });

// Warm parse of generated DAG files against hand-written anchors, on both Airflow lines (test/bench/parse-bench.js).
console.log("");
execFileSync(process.execPath, [path.join(__dirname, "parse-bench.js")], { stdio: "inherit" });
