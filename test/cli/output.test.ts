import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/args";
import { main } from "../../src/cli/main";
import { runWithoutCompiler } from "../../src/cli/commands";
import { pipelineModule, tempProject } from "../helpers/temp-project";

const VALID = pipelineModule(`p.pod("a", { image: "busybox:1.36" });`, { id: `"alpha"` });
const INVALID = pipelineModule(`p.pod("a", { image: "busybox:1.36" }).after("nope");`, { id: `"alpha"` });

/** Runs the CLI with captured streams; `tty` and `env` play the terminal. */
async function run(root: string, argv: string[], terminal: Partial<Pick<CliIo, "stderrIsTTY" | "env">> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root, ...terminal });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const ESC = "\u001b[";

describe("--format json: one versioned object on stdout, nothing on stderr", () => {
  it("compile carries its diagnostics in the object", async () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": INVALID });
    const { code, out, err } = await run(root, ["compile", "--format", "json"], { stderrIsTTY: true });
    expect(code).toBe(1);
    expect(err).toBe("");
    const report = JSON.parse(out);
    expect(report).toMatchObject({ version: 1, command: "compile", ok: false, written: false, files: null });
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(["unknown-upstream"]);
  });

  it("check says whether the output is up to date", async () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": VALID });
    const { code, out } = await run(root, ["check", "--format=json"]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ version: 1, command: "check", ok: true, upToDate: false, files: { created: expect.arrayContaining(["generated/dags/alpha.py"]) } });
  });

  it("preflight of invalid pipelines prints its diagnostics as JSON, not as text", async () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": INVALID });
    const { code, out, err } = await run(root, ["preflight", "--format", "json"]);
    expect(code).toBe(1);
    expect(err).toBe("");
    const report = JSON.parse(out);
    expect(report).toMatchObject({ version: 1, command: "preflight", ok: false, error: "preflight needs pipelines that compile", findings: null });
    expect(report.diagnostics[0]).toMatchObject({ code: "unknown-upstream", location: { file: "pipelines/a.pipeline.ts" } });
  });

  it("init lists the files it created, or the ones in its way", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-init-json-"));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: base };
    expect(runWithoutCompiler(["init", "repo", "--format", "json"], io)).toBe(0);
    const first = JSON.parse(out[0]!);
    expect(first).toMatchObject({ version: 1, command: "init", ok: true, root: "repo", overwritten: [], existing: [] });
    expect(first.created).toContain("repo/airflow-ts.config.ts");
    expect(runWithoutCompiler(["init", "repo", "--format=json"], io)).toBe(1);
    const second = JSON.parse(out[1]!);
    expect(second).toMatchObject({ ok: false, created: [] });
    expect(second.existing).toContain("repo/package.json");
    expect(out).toHaveLength(2);
    expect(err).toEqual([]);
  });
});

describe("people: colours and progress only on a terminal", () => {
  it("colours the severity on a TTY, never with NO_COLOR, never into a pipe", async () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": INVALID });
    const tty = await run(root, ["compile"], { stderrIsTTY: true, env: {} });
    expect(tty.err).toContain(`${ESC}31merror${ESC}0m unknown-upstream`);
    const noColor = await run(root, ["compile"], { stderrIsTTY: true, env: { NO_COLOR: "1" } });
    expect(noColor.err).toContain("error unknown-upstream");
    expect(noColor.err).not.toContain(ESC);
    const piped = await run(root, ["compile"], { stderrIsTTY: false, env: {} });
    expect(piped.err).not.toContain(ESC);
    expect(piped.out).toBe("");
  });

  it("shows the stages on a TTY only, on stderr, and never in JSON mode", async () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": VALID });
    const tty = await run(root, ["check"], { stderrIsTTY: true, env: { NO_COLOR: "1" } });
    expect(tty.err.split("\n").slice(0, 5)).toEqual(["loading and type-checking the pipelines...", "validating...", "building the model...", "rendering...", "comparing with the files on disk..."]);
    const piped = await run(root, ["check"], { stderrIsTTY: false });
    expect(piped.err).not.toContain("validating...");
    const json = await run(root, ["check", "--format", "json"], { stderrIsTTY: true });
    expect(json.err).toBe("");
  });
});
