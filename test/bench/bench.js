#!/usr/bin/env node
"use strict";
// npm run bench: the compile figures of docs/internals.md and the README, measured side by side in one run.
//
// Every compile runs the BUILT CLI (dist/ through bin/airflow-ts.js, as users run it) in a fresh Node process under
// /usr/bin/time, whose %M is the peak RSS of that process (children included: nothing is forked). The anchor is
// `tsc --noEmit` over the same files with the same compiler options (the project's tsconfig.json, which compile
// reads too), so "compile / tsc" says what compiling costs beyond the type check every TypeScript project pays.
//
// Per size: cold compile (no cache), `check` right after, a second compile with nothing changed, and one with one
// pipeline changed (each a fresh process, against the tsc anchor), then `watch`: one pipeline edited while it runs,
// timed from the write to the report (the files are on disk before it prints); then the ratio between steps
// (10 -> 100 -> 1,000 pipelines: linear growth means x10 per step).
//
//   node test/bench/bench.js                 full run (the figures in the docs come from it), then the parse bench
//   node test/bench/bench.js --quick         10 and 100 pipelines, 500 tasks: a minute on 2 cores
//   node test/bench/bench.js --compile-only  skip the Pipelines page and parse benchmarks (they need the Airflow venvs)
//   node test/bench/bench.js --no-build      use dist/ as it is (default: `npm run build` first, so dist/ is current)
//   node test/bench/bench.js --sizes 10x20,1x500
//
// No test asserts on time: a loaded machine makes single figures vary by tens of percent.
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO = path.join(__dirname, "..", "..");
const BIN = path.join(REPO, "bin", "airflow-ts.js");
const TSC = require.resolve("typescript/bin/tsc", { paths: [REPO] });
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

const FULL = "1x5,10x20,100x20,1000x20,1x500,1x5000";
const QUICK = "1x5,10x20,100x20,1x500";
const SIZES = (option("--sizes") ?? (flag("--quick") ? QUICK : FULL)).split(",").map((s) => s.split("x").map(Number));

/** One task: env from a Secret, a PVC mount, requests/limits, a dependency on the previous task. */
function task(t) {
  return `  const t${t} = p.pod("task_${t}", { image: "ghcr.io/acme/step:1.${t % 100}", args: ["--date", "{{ ds }}", "--part", "${t}"],
    env: { DB_PASSWORD: db.key("password"), MODE: "batch" }, mounts: [raw.at("/data")],
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } } })${t > 0 ? `.after(t${t - 1})` : ""};`;
}

function pipelineSource(i, tasks, variant = "") {
  const body = Array.from({ length: tasks }, (_, t) => task(t)).join("\n");
  return (
    `import { cron, pipeline, secret, volume } from "airflow-ts";\nconst db = secret("db");\nconst raw = volume.claim("raw");\n` +
    `export default pipeline({ id: "bench_${i}", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false, defaults: { retries: 2 }${variant} }, (p) => {\n${body}\n});\n`
  );
}

/** The options compile uses without a tsconfig (src/load/user-tsconfig.ts), written out so tsc uses them too. */
const TSCONFIG = {
  compilerOptions: {
    strict: true, target: "ES2022", lib: ["es2024"], module: "nodenext", moduleResolution: "nodenext",
    esModuleInterop: true, skipLibCheck: true, noEmit: true,
    // What compile maps `import "airflow-ts"` to when it runs built (src/load/type-check.ts).
    paths: { "airflow-ts": [path.join(REPO, "dist", "tasks", "authoring.d.ts")] },
  },
  include: ["airflow-ts.config.ts", "pipelines/*.pipeline.ts"],
};

function makeProject(pipelines, tasks) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-bench-"));
  fs.mkdirSync(path.join(root, "pipelines"));
  fs.writeFileSync(path.join(root, "airflow-ts.config.ts"), `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"] });\n`);
  fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  for (let i = 0; i < pipelines; i++) fs.writeFileSync(path.join(root, "pipelines", `p${i}.pipeline.ts`), pipelineSource(i, tasks));
  return root;
}

/** Runs a command in a fresh process under /usr/bin/time: wall seconds and peak RSS (MiB) of that process. */
function measure(command, commandArgs, cwd) {
  const rssFile = path.join(os.tmpdir(), `airflow-ts-bench-rss-${process.pid}`);
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", "-o", rssFile, command, ...commandArgs], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssKb = Number(fs.readFileSync(rssFile, "utf8").trim().split("\n").pop());
  fs.rmSync(rssFile, { force: true });
  return { seconds, rssMb: rssKb / 1024, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function cli(command, root, expectStatus = 0) {
  const result = measure(process.execPath, [BIN, command, "--config", root], root);
  if (result.status !== expectStatus) throw new Error(`airflow-ts ${command} exited ${result.status}:\n${result.stdout}\n${result.stderr}`.slice(0, 4000));
  return result;
}

/** `watch` on the project, one pipeline edited while it runs (test/bench/watch-once.js): seconds to the result on disk. */
function watchAfterEdit(root, tasks, variant) {
  const file = path.join(root, "pipelines", "p0.pipeline.ts");
  // The new source goes through a file: a 500-task module is more than one command-line argument may hold (E2BIG).
  // Outside the project: a new file in its folder is a change of what its imports could resolve to, which would
  // make watch's first compile redo every pipeline.
  const source = path.join(os.tmpdir(), `airflow-ts-bench-source-${process.pid}.txt`);
  fs.writeFileSync(source, pipelineSource(0, tasks, variant));
  const out = execFileSync(process.execPath, [path.join(__dirname, "watch-once.js"), BIN, root, file, source], { encoding: "utf8", maxBuffer: 1 << 26 });
  fs.rmSync(source, { force: true });
  const result = JSON.parse(out.trim().split("\n").pop());
  if (result.ran.length !== 1 || !result.updated.includes("generated/dags/bench_0.py")) throw new Error(`watch did not redo exactly the edited pipeline: ${out.slice(0, 2000)}`);
  return result;
}

const s = (r) => `${r.seconds.toFixed(2)} s`;
const mb = (r) => `${Math.round(r.rssMb)} MB`;
const x = (a, b) => `${(a / b).toFixed(2)}×`;

if (!flag("--no-build")) execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO, stdio: "inherit" });
const version = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
  } catch {
    return "?";
  }
})();
console.log(`${new Date().toISOString()}  airflow-ts ${version} (${commit}), node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log("Every figure: a fresh process running dist/ through bin/airflow-ts.js; wall time and peak RSS (/usr/bin/time %M).\n");
console.log("| pipelines × tasks | compile (cold) | peak RSS | tsc --noEmit (anchor) | peak RSS | compile / tsc | check | again, nothing changed | / tsc | again, one pipeline changed (fresh process) | / tsc | watch: one edit to on disk | / tsc |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

const rows = [];
for (const [pipelines, tasks] of SIZES) {
  const root = makeProject(pipelines, tasks);
  const tsc = measure(process.execPath, [TSC, "-p", path.join(root, "tsconfig.json")], root);
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`.slice(0, 4000));
  const cold = cli("compile", root);
  const dags = fs.readdirSync(path.join(root, "generated", "dags")).filter((f) => f.endsWith(".py")).length;
  if (dags !== pipelines) throw new Error(`expected ${pipelines} DAG files, got ${dags}`);
  const check = cli("check", root);
  const again = cli("compile", root);
  if (!/compiled \d+ pipeline/.test(again.stdout)) throw new Error(`unexpected output: ${again.stdout}`);
  // One pipeline changed: its retries, so its DAG file changes and the check afterwards must see the new bytes.
  fs.writeFileSync(path.join(root, "pipelines", "p0.pipeline.ts"), pipelineSource(0, tasks, ", tags: [\"changed\"]"));
  const changed = cli("compile", root);
  if (!/updated\s+generated\/dags\/bench_0\.py/.test(changed.stdout)) throw new Error(`the changed pipeline was not rewritten:\n${changed.stdout.slice(0, 2000)}`);
  cli("check", root);
  const watched = watchAfterEdit(root, tasks, ", tags: [\"changed in watch\"]");
  rows.push({ pipelines, tasks, cold, tsc });
  console.log(
    `| ${pipelines} × ${tasks} | ${s(cold)} | ${mb(cold)} | ${s(tsc)} | ${mb(tsc)} | ${x(cold.seconds, tsc.seconds)} | ${s(check)}, ${mb(check)} | ` +
      `${s(again)}, ${mb(again)} | ${x(again.seconds, tsc.seconds)} | ${s(changed)}, ${mb(changed)} | ${x(changed.seconds, tsc.seconds)} | ` +
      `${s(watched)}, ${mb(watched)} | ${x(watched.seconds, tsc.seconds)} |`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}

// Linear growth: each step against the one before it, with the growth of the input alongside.
console.log("\n| step | input grows | compile grows | peak RSS grows | tsc grows |");
console.log("| --- | --- | --- | --- | --- |");
for (const series of [rows.filter((r) => r.tasks === 20), rows.filter((r) => r.pipelines === 1 && r.tasks >= 500)]) {
  for (let i = 1; i < series.length; i++) {
    const [a, b] = [series[i - 1], series[i]];
    console.log(`| ${a.pipelines} × ${a.tasks} → ${b.pipelines} × ${b.tasks} | ×${(b.pipelines * b.tasks) / (a.pipelines * a.tasks)} | ${x(b.cold.seconds, a.cold.seconds)} | ${x(b.cold.rssMb, a.cold.rssMb)} | ${x(b.tsc.seconds, a.tsc.seconds)} |`);
  }
}

if (flag("--compile-only")) process.exit(0);

// The plugin's Pipelines page over a large compiled project, in the Airflow 3 venv the tests use.
const PAGE_SIZE = 1000;
const python = path.join(execFileSync(path.join(__dirname, "..", "airflow", "setup-env.sh"), ["airflow3"], { encoding: "utf8" }).trim(), "bin", "python");
const root = makeProject(PAGE_SIZE, 5);
cli("compile", root);
const page = JSON.parse(execFileSync(python, [path.join(__dirname, "page_once.py"), path.join(root, "generated")], { encoding: "utf8", env: { ...process.env, AIRFLOW_HOME: root } }).trim().split("\n").pop());
console.log(`\nPipelines page, ${page.pipelines} pipelines x 5 tasks: first request ${page.coldMs} ms (every DAG file read and hashed), then ${page.warmMs} ms; ${page.htmlKb} KB of HTML; peak RSS ${page.maxRssMb} MB`);
fs.rmSync(root, { recursive: true, force: true });

// Warm parse of generated DAG files against hand-written anchors, on both Airflow lines (test/bench/parse-bench.js).
console.log("");
execFileSync(process.execPath, [path.join(__dirname, "parse-bench.js")], { stdio: "inherit" });
