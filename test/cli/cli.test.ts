import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args";
import { parseCompileArgs, parseVerbOptions, readCommandLine } from "../../src/cli/options";
import { runWithoutCompiler } from "../../src/cli/commands";
import { resolveConfigFile } from "../../src/load/find-config";

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd }, out, err };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-cli-"));

describe("finding the config", () => {
  it("searches the current folder, then its parents", () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, "airflow-ts.config.ts"), "");
    fs.mkdirSync(path.join(root, "pipelines/deep"), { recursive: true });
    expect(resolveConfigFile(undefined, path.join(root, "pipelines/deep"))).toBe(path.join(root, "airflow-ts.config.ts"));
    expect(parseCompileArgs([], path.join(root, "pipelines")).configFile).toBe(path.join(root, "airflow-ts.config.ts"));
  });

  it("with none anywhere, names the file in the current folder (reported as missing)", () => {
    const root = tmp();
    expect(resolveConfigFile(undefined, root)).toBe(path.join(root, "airflow-ts.config.ts"));
  });

  it("--config takes a file or a folder", () => {
    const root = tmp();
    fs.mkdirSync(path.join(root, "project"));
    expect(parseCompileArgs(["--config", "project"], root).configFile).toBe(path.join(root, "project", "airflow-ts.config.ts"));
    expect(parseCompileArgs(["--config=project/other.config.ts"], root).configFile).toBe(path.join(root, "project", "other.config.ts"));
  });
});

describe("mistakes on the command line", () => {
  it("an unknown option gets the nearest one", () => {
    expect(() => parseCompileArgs(["--confg", "x"], tmp())).toThrow(new UsageError('unknown option "--confg"; did you mean "--config"?'));
    expect(() => parseCompileArgs(["--formt=json"], tmp())).toThrow(new UsageError('unknown option "--formt"; did you mean "--format"?'));
    expect(() => parseCompileArgs(["--zzzzzzzz"], tmp())).toThrow(new UsageError('unknown option "--zzzzzzzz"'));
  });

  it("an option's value is never the next option, and a switch takes none", () => {
    expect(() => parseCompileArgs(["--config", "--format", "json"], tmp())).toThrow(new UsageError('--config needs a value; to give one that starts with "-", write --config=--format'));
    expect(() => parseCompileArgs(["--config"], tmp())).toThrow(new UsageError("--config needs a value"));
    expect(() => parseCompileArgs(["--config="], tmp())).toThrow(new UsageError("--config needs a value"));
    expect(() => parseCompileArgs(["--no-cache=yes"], tmp())).toThrow(new UsageError("--no-cache takes no value"));
    expect(() => parseCompileArgs(["--format", "yaml"], tmp())).toThrow(new UsageError('--format must be text or json, not "yaml"'));
    expect(() => parseCompileArgs(["extra"], tmp())).toThrow(new UsageError('unexpected argument "extra"'));
  });

  it("short aliases, grouped or with =, and -- before positionals that start with a dash", () => {
    const root = tmp();
    const graph = { "--output": { kind: "value", short: "o" }, "--all": "switch" } as const;
    expect(parseVerbOptions(["-o=out.dot", "sales"], root, graph, 1).values.get("--output")).toBe("out.dot");
    expect(parseVerbOptions(["-oout.dot", "sales"], root, graph, 1).values.get("--output")).toBe("out.dot");
    expect(parseVerbOptions(["-hc", "project"], root, graph, 1)).toMatchObject({ help: true, configFile: path.join(root, "project") });
    expect(readCommandLine(["--", "-dir"], { "--force": "switch" }, 1).positionals).toEqual(["-dir"]);
    expect(() => readCommandLine(["-x"], { "--force": { kind: "switch", short: "f" } }, 0)).toThrow(new UsageError('unknown option "-x"'));
    const repeated = readCommandLine(["--param", "a=1", "--param=b=-2"], { "--param": "repeated" }, 0);
    expect(repeated.repeated.get("--param")).toEqual(["a=1", "b=-2"]);
  });

  it("init and env: their usage after the message, and exit code 2", () => {
    const { io: cli, err } = io(tmp());
    expect(runWithoutCompiler(["env", "stup"], cli)).toBe(2);
    expect(err[0]).toMatch(/^env what\? setup or path, not "stup"\n\nUsage: airflow-ts env setup/);
    expect(runWithoutCompiler(["env", "path", "--airflow", "4"], cli)).toBe(2);
    expect(err[1]).toMatch(/^--airflow must be 3 or 2, not "4"/);
    expect(runWithoutCompiler(["init", "a", "b"], cli)).toBe(2);
    expect(err[2]).toMatch(/^unexpected argument "b"\n\nUsage: airflow-ts init/);
  });

  it("an unknown command gets the nearest one, and exit code 2", () => {
    const { io: cli, err } = io(tmp());
    expect(runWithoutCompiler(["chek"], cli)).toBe(2);
    expect(err[0]).toMatch(/^unknown command "chek"; did you mean "check"\?/);
    expect(runWithoutCompiler(["--verison"], cli)).toBe(2);
    expect(err[1]).toMatch(/^unknown option "--verison"; did you mean "--version"\?/);
  });

  it("--version prints this package's version; compile and check are left to the compiler", () => {
    const { io: cli, out } = io(tmp());
    expect(runWithoutCompiler(["--version"], cli)).toBe(0);
    expect(out).toEqual([JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version]);
    expect(runWithoutCompiler(["compile"], cli)).toBeUndefined();
    expect(runWithoutCompiler(["check", "--help"], cli)).toBeUndefined();
  });
});

describe("init", () => {
  const SCAFFOLD = [
    "package.json",
    "tsconfig.json",
    "airflow-ts.config.ts",
    "pipelines/nightly-etl.pipeline.ts",
    "test/nightly-etl.test.ts",
    ".gitignore",
    ".github/workflows/airflow-ts.yml",
  ];

  it("writes a pipelines repository into the folder it is given", () => {
    const base = tmp();
    const { io: cli, out } = io(base);
    expect(runWithoutCompiler(["init", "my-pipelines"], cli)).toBe(0);
    for (const file of SCAFFOLD) expect(fs.existsSync(path.join(base, "my-pipelines", file))).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(base, "my-pipelines/package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "my-pipelines", scripts: { compile: "airflow-ts compile", check: "airflow-ts check", test: "vitest run" } });
    expect(pkg.dependencies["airflow-ts"]).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(fs.readFileSync(path.join(base, "my-pipelines/.github/workflows/airflow-ts.yml"), "utf8")).toContain("npx airflow-ts check");
    expect(out.join("\n")).toContain("npx airflow-ts compile");
  });

  it("refuses to overwrite anything, writing nothing, unless --force", () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, "tsconfig.json"), "{ /* mine */ }\n");
    const { io: cli, err } = io(root);
    expect(runWithoutCompiler(["init"], cli)).toBe(1);
    expect(err[0]).toContain("tsconfig.json");
    expect(err[0]).toContain("--force");
    expect(fs.readdirSync(root)).toEqual(["tsconfig.json"]);
    expect(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")).toBe("{ /* mine */ }\n");

    expect(runWithoutCompiler(["init", "--force"], cli)).toBe(0);
    expect(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")).toContain('"module": "nodenext"');
    for (const file of SCAFFOLD) expect(fs.existsSync(path.join(root, file))).toBe(true);
  });

  it("mistyped options are usage errors", () => {
    const { io: cli, err } = io(tmp());
    expect(runWithoutCompiler(["init", "--forse"], cli)).toBe(2);
    expect(err[0]).toMatch(/^unknown option "--forse"; did you mean "--force"\?/);
  });
});
