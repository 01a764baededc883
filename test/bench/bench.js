#!/usr/bin/env node
"use strict";
// npm run bench: compile synthetic projects of growing size, each in a fresh Node process, and print wall time
// and peak memory. Figures in the README come from here; no test asserts on time.
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
  if (files !== pipelines) throw new Error(`expected ${pipelines} files, got ${files}`);
  console.log(`${String(pipelines).padStart(9)} x ${String(tasks).padEnd(5)} | ${String(ms).padStart(8)} ms | ${maxRssMb} MB`);
  fs.rmSync(root, { recursive: true, force: true });
}
