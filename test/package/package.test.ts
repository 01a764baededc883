import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES, airflowPython, inspectDags } from "../airflow/airflow-env";

/**
 * airflow-ts as a user gets it: the packed tarball (`npm pack`, which runs the build) installed into fresh
 * repositories outside this one, set up by `airflow-ts init`, with the strictest tsconfig, a helper module
 * imported by two pipelines, then tsc, compile, check, the scaffolded vitest test, a plain Node program using
 * the library API, and the generated DAGs loaded by real Airflow 3.3 and 2.11.
 */
const REPO = path.resolve(__dirname, "..", "..");
/** Guards against a hang only: installs, tsc and compiles of whole repositories take minutes on a loaded machine. */
const HANG = 15 * 60 * 1000;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-package-"));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The environment of a user's shell: none of the variables `npm test` and vitest set for this repository. */
const USER_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|INIT_CWD$)/i.test(key)));

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: { ...USER_ENV, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

function ok(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A bin installed in the repository (npx never downloads here). */
const npx = (cwd: string, ...args: string[]) => run("npx", ["--no", "--", ...args], cwd);

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: { path: string }[];
}

let packed: Packed;
let tarball: string;

beforeAll(() => {
  const pack = ok(run("npm", ["pack", "--json", "--pack-destination", WORK], REPO), "npm pack");
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as Packed[])[0]!;
  tarball = path.join(WORK, packed.filename);
  console.log(`tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
});

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("holds the built package and what it reads at run time, and nothing of this repository's own", () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      "package.json", "LICENSE", "README.md", "CHANGELOG.md", "bin/airflow-ts.js",
      "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "dist/dsl/index.d.ts",
      "dag-templates/dag.py.hbs", "dag-templates/pod-task.py.hbs", "dag-templates/plugins/airflow_ts_plugin.py",
      "dist/validate/chart/values.schema.json",
      // `airflow-ts env setup` makes its venv from the locks the tests use, and `render` runs this script in it.
      "python/render_pods.py", "test/airflow/airflow3.lock", "test/airflow/airflow2.lock",
    ]) expect(files).toContain(needed);
    const shippedLocks = new Set(["test/airflow/airflow3.lock", "test/airflow/airflow2.lock"]);
    expect(files.filter((f) => !shippedLocks.has(f) && (/^(src|test|examples|generated|airflow-helm-values|scripts|\.ci)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
    expect(fs.readFileSync(path.join(REPO, "LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0, January 2004");
  }, HANG);

  it("answers --help, --version and init without loading the compiler", () => {
    const unpacked = path.join(WORK, "unpacked");
    fs.mkdirSync(unpacked);
    ok(run("tar", ["xzf", tarball, "-C", unpacked], WORK), "tar");
    // Loading TypeScript (or ts-morph) throws: these answers must not need it.
    const forbid = path.join(WORK, "forbid-compiler.cjs");
    fs.writeFileSync(forbid, `const Module = require("node:module");\nconst load = Module._load;\nModule._load = function (request, ...rest) {\n  if (/^(typescript|ts-morph|@ts-morph\\/common)$/.test(request)) throw new Error("compiler loaded: " + request);\n  return load.call(this, request, ...rest);\n};\n`);
    const bin = path.join(unpacked, "package", "bin", "airflow-ts.js");
    const env = { NODE_OPTIONS: `--require ${forbid}` };
    const help = ok(run("node", [bin, "--help"], WORK, env), "--help");
    expect(help.stdout).toMatch(/Usage: airflow-ts <command>/);
    expect(ok(run("node", [bin, "--version"], WORK, env), "--version").stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version);
    const typo = run("node", [bin, "compiel"], WORK, env);
    expect(typo).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "compiel"; did you mean "compile"?') });
    ok(run("node", [bin, "init", "scratch"], WORK, env), "init");
    expect(fs.existsSync(path.join(WORK, "scratch", "pipelines", "nightly-etl.pipeline.ts"))).toBe(true);
    // The guard does stop TypeScript from loading.
    expect(run("node", ["-e", `require("ts-morph")`], WORK, env).stderr).toMatch(/compiler loaded: ts-morph/);
    console.log(`--help answered in ${help.ms} ms (a fresh node process, on this machine, under the test's load)`);
  }, HANG);
});

/** The strictest settings a user may have; CommonJS drops verbatimModuleSyntax, which forbids `import` in CommonJS files (TS1286). */
const STRICTEST = {
  target: "ES2022",
  lib: ["ES2024"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noPropertyAccessFromIndexSignature: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  skipLibCheck: false,
  noEmit: true,
};

const FLAVORS = [
  {
    name: "esm",
    type: "module",
    compilerOptions: { ...STRICTEST, module: "nodenext", moduleResolution: "nodenext", verbatimModuleSyntax: true, paths: { "@lib/*": ["./lib/*"] } },
    relativeHelper: "../lib/images.js",
    aliasedHelper: "@lib/images.js",
    script: { file: "scripts/compile-with-api.mjs", text: `import { compileProject, pipeline } from "airflow-ts";\n` },
  },
  {
    name: "cjs",
    type: "commonjs",
    compilerOptions: { ...STRICTEST, module: "commonjs", paths: { "@lib/*": ["./lib/*"] } },
    relativeHelper: "../lib/images",
    aliasedHelper: "@lib/images",
    script: { file: "scripts/compile-with-api.cjs", text: `const { compileProject, pipeline } = require("airflow-ts");\n` },
  },
] as const;

describe.each(FLAVORS)("a user's repository ($name)", (flavor) => {
  const root = path.join(WORK, flavor.name);

  beforeAll(() => {
    // As a user starts: npx fetches the package (here: the tarball) and runs its init.
    ok(run("npx", ["--yes", "--prefer-offline", "--package", tarball, "airflow-ts", "init", flavor.name], WORK), "npx airflow-ts init");
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    pkg.type = flavor.type;
    pkg.dependencies["airflow-ts"] = `file:${tarball}`;
    // vitest's own declarations need Node's (setTimeout, AbortSignal) once skipLibCheck is false; airflow-ts's do not (below).
    pkg.devDependencies["@types/node"] = "20.19.43";
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify(pkg, null, 2));
    ok(run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], root), "npm install");

    const include = ["airflow-ts.config.ts", "pipelines", "lib", "test"];
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...flavor.compilerOptions, types: ["node"] }, include }, null, 2));
    // Everything but the vitest test, with no ambient types at all: airflow-ts's declarations need no @types/node.
    fs.writeFileSync(path.join(root, "tsconfig.no-node.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { types: [] }, include: include.filter((d) => d !== "test") }, null, 2));

    fs.mkdirSync(path.join(root, "lib"));
    fs.writeFileSync(path.join(root, "lib/images.ts"), `export const REGISTRY = "ghcr.io/acme";\n\nexport function image(name: string, tag: string): string {\n  return \`\${REGISTRY}/\${name}:\${tag}\`;\n}\n`);
    const etl = path.join(root, "pipelines/nightly-etl.pipeline.ts");
    fs.writeFileSync(
      etl,
      fs
        .readFileSync(etl, "utf8")
        .replace(/^(import .* from "airflow-ts";)$/m, `$1\nimport { image } from "${flavor.relativeHelper}";`)
        .replace(`image: "ghcr.io/acme/extract:1.0.0"`, `image: image("extract", "1.0.0")`),
    );
    expect(fs.readFileSync(etl, "utf8")).toContain(`image("extract", "1.0.0")`);
    fs.writeFileSync(
      path.join(root, "pipelines/hourly-sync.pipeline.ts"),
      `import { every, pipeline } from "airflow-ts";\nimport { image } from "${flavor.aliasedHelper}";\n\nexport default pipeline({ id: "hourly_sync", schedule: every("1h"), start: "2026-01-01", catchup: false }, (p) => {\n  p.pod("sync", { image: image("sync", "2.0.0"), args: ["--since", "{{ data_interval_start }}"] });\n});\n`,
    );
    fs.mkdirSync(path.join(root, "scripts"));
    fs.writeFileSync(
      path.join(root, flavor.script.file),
      `${flavor.script.text}const result = compileProject({ configFile: process.cwd(), mode: "check" });\n` +
        `console.log(JSON.stringify({ dags: result.pipelines.map((p) => p.dagId), diagnostics: result.diagnostics, upToDate: result.changes && result.changes.updated.length + result.changes.created.length + result.changes.deleted.length === 0, dsl: typeof pipeline }));\n`,
    );
  });

  it("type-checks with tsc under the strictest settings: 0 errors, and none needs @types/node from airflow-ts", () => {
    expect(npx(root, "tsc", "--noEmit", "-p", "tsconfig.json")).toMatchObject({ code: 0, stdout: "" });
    expect(npx(root, "tsc", "--noEmit", "-p", "tsconfig.no-node.json")).toMatchObject({ code: 0, stdout: "" });
  }, HANG);

  it("compiles with the installed bin, then check finds the output up to date, from a subfolder too", () => {
    const compiled = ok(npx(root, "airflow-ts", "compile"), "compile");
    expect(compiled.stdout).toMatch(/created +generated\/dags\/nightly_etl\.py/);
    expect(compiled.stdout).toMatch(/created +generated\/dags\/hourly_sync\.py/);
    const dag = fs.readFileSync(path.join(root, "generated/dags/nightly_etl.py"), "utf8");
    expect(dag).toContain(`image="ghcr.io/acme/extract:1.0.0"`);
    expect(dag.split("\n")[1]).toBe("# Change the TypeScript pipeline and run `npx airflow-ts compile` instead.");
    expect(ok(npx(path.join(root, "pipelines"), "airflow-ts", "check"), "check").stdout).toMatch(/up to date/);
  }, HANG);

  it("check fails on a hand-edited DAG and names the user's command", () => {
    const file = path.join(root, "generated/dags/hourly_sync.py");
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.replace("hourly_sync", "hourly_synk"));
    const stale = npx(root, "airflow-ts", "check", "--config", ".");
    fs.writeFileSync(file, original);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/edited by hand +generated\/dags\/hourly_sync\.py/);
    expect(stale.stderr).toContain("run `npx airflow-ts compile` and commit the result");
  }, HANG);

  it("passes the scaffolded vitest test of the example pipeline", () => {
    const tested = ok(run("npx", ["--no", "--", "vitest", "run"], root, { NO_COLOR: "1" }), "vitest");
    expect(tested.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/Tests +3 passed \(3\)/);
  }, HANG);

  it("lets a plain Node program import the library and compile", () => {
    const out = ok(run("node", [flavor.script.file], root), "node script");
    expect(JSON.parse(out.stdout)).toEqual({ dags: ["hourly_sync", "nightly_etl"], diagnostics: [], upToDate: true, dsl: "function" });
  }, HANG);

  it.each(AIRFLOW_LINES)("gives DAG files that real Airflow loads (%s)", (line) => {
    const inspection = inspectDags(airflowPython(line), path.join(root, "generated/dags"));
    expect(inspection.import_errors).toEqual({});
    expect(Object.keys(inspection.dags).sort()).toEqual(["hourly_sync", "nightly_etl"]);
    expect(inspection.dags.nightly_etl!.tasks.extract!.pod.spec.containers[0].image).toBe("ghcr.io/acme/extract:1.0.0");
    expect(inspection.dags.hourly_sync!.tasks.sync!.pod.spec.containers[0].image).toBe("ghcr.io/acme/sync:2.0.0");
    expect(inspection.dags.nightly_etl!.tasks.load!.upstream).toEqual(["transform"]);
  }, HANG);
});
