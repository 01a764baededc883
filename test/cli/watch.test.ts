import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { pipelineModule, tempProject } from "../helpers/temp-project";

// `airflow-ts watch` in its own process (the CLI run from the sources), on a temporary project: each compile is one
// JSON line on stdout. The waits below have no time limit of their own: the test's timeout is the hang guard.

const BIN = path.join(__dirname, "..", "..", "bin", "airflow-ts-dev.js");

interface Report {
  ok: boolean;
  written: boolean;
  changed: string[];
  modules: { ran: string[]; reused: number };
  pipelines: number;
  files: { created: string[]; updated: string[]; deleted: string[] } | null;
  diagnostics: { code: string; location: { file: string } }[];
}

/** A running watch: its reports as they come, and a way to wait for the next one. */
function startWatch(root: string): { child: ChildProcess; next: () => Promise<Report>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, "watch", "--format", "json", "--debounce", "50", "--config", root], { stdio: ["ignore", "pipe", "pipe"] });
  const reports: Report[] = [];
  const waiting: ((r: Report) => void)[] = [];
  let buffered = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const report = JSON.parse(line) as Report;
      const waiter = waiting.shift();
      if (waiter) waiter(report);
      else reports.push(report);
    }
  });
  child.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  running.push(child);
  return { child, next: () => (reports.length ? Promise.resolve(reports.shift()!) : new Promise((resolve) => waiting.push(resolve))), exited };
}

const running: ChildProcess[] = [];
afterEach(() => {
  // A failed test must not leave its watch running: stopped by its own PID.
  for (const child of running.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGTERM");
});

const pod = (id: string, image: string) => pipelineModule(`p.pod("a", { image: "${image}" });`, { id: `"${id}"` });

function outputs(root: string): Record<string, string> {
  const dir = path.join(root, "generated");
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

describe("airflow-ts watch", () => {
  it("compiles, recompiles only the edited pipeline, leaves the outputs alone when an edit is invalid, and stops on SIGTERM", async () => {
    const root = tempProject({ "pipelines/one.pipeline.ts": pod("one", "busybox:1.36"), "pipelines/two.pipeline.ts": pod("two", "alpine:3.20") });
    const watch = startWatch(root);

    const first = await watch.next();
    expect(first).toMatchObject({ ok: true, written: true, changed: [], pipelines: 2 });
    expect(first.modules.ran).toEqual(["pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(outputs(root)["dags/one.py"]).toContain("busybox:1.36");

    fs.writeFileSync(path.join(root, "pipelines/one.pipeline.ts"), pod("one", "busybox:1.37"));
    const edited = await watch.next();
    expect(edited.changed).toEqual(["pipelines/one.pipeline.ts"]);
    expect(edited.modules).toEqual({ ran: ["pipelines/one.pipeline.ts"], reused: 1 });
    expect(edited.files?.updated).toEqual(["generated/dags/one.py", "generated/manifest.json"]);
    expect(outputs(root)["dags/one.py"]).toContain("busybox:1.37");

    // An invalid edit: reported, and every output stays byte for byte as it was.
    const before = outputs(root);
    fs.writeFileSync(path.join(root, "pipelines/two.pipeline.ts"), pod("two", "alpine:3.20").replace(`"alpine:3.20"`, "42"));
    const invalid = await watch.next();
    expect(invalid).toMatchObject({ ok: false, written: false, changed: ["pipelines/two.pipeline.ts"], files: null });
    expect(invalid.diagnostics.map((d) => `${d.code} ${d.location.file}`)).toEqual(["TS2322 pipelines/two.pipeline.ts"]);
    expect(outputs(root)).toEqual(before);

    // A new pipeline file the glob matches, in a new folder.
    fs.writeFileSync(path.join(root, "pipelines/two.pipeline.ts"), pod("two", "alpine:3.20"));
    await watch.next();
    fs.mkdirSync(path.join(root, "pipelines/more"));
    fs.writeFileSync(path.join(root, "pipelines/more/three.pipeline.ts"), pod("three", "alpine:3.21"));
    let added = await watch.next();
    // Creating the folder may be reported on its own first.
    if (!added.changed.includes("pipelines/more/three.pipeline.ts")) added = await watch.next();
    expect(added.modules.ran).toEqual(["pipelines/more/three.pipeline.ts"]);
    expect(outputs(root)["dags/three.py"]).toContain("alpine:3.21");

    process.kill(watch.child.pid!, "SIGTERM");
    expect(await watch.exited).toBe(0);
  });
});
