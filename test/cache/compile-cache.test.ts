import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cacheFolder } from "../../src/cache/cache-folder";
import { compileProject, type CompileResult } from "../../src/compile-project";
import { pipelineModule, tempProject, generatedFiles } from "../helpers/temp-project";

// Every test compiles with the cache, then compares with a compile from scratch (cache: false) of the same inputs:
// same bytes in the output folder, same diagnostics. To prove a cached result was NOT used after a change, the stored
// result is first poisoned (its pipelines' tags replaced, the entry's checksum kept valid): a stale hit would return
// the poison. The first test proves the poison does show up when nothing changed, so these tests can fail. (The
// stored result holds no file bodies: they are taken from the output folder, when it is as the compile left it.)

const POISON = "# POISON: written from the cache\n";
const helper = (image: string) => `export const IMAGE = "${image}";\n`;
const importer = (id: string) =>
  `import { IMAGE } from "../lib/images";\n` +
  pipelineModule(`p.pod("a", { image: IMAGE, env: { DB_URL: "postgres://u:secret@db:5432/app" } });`, { id: `"${id}"` });

function project(): string {
  return tempProject({
    "lib/images.ts": helper("busybox:1.36"),
    "pipelines/one.pipeline.ts": importer("one"),
    "pipelines/two.pipeline.ts": importer("two"),
    "pipelines/alone.pipeline.ts": pipelineModule(`p.pod("b", { image: "alpine:3.20" });`, { id: `"alone"` }),
  });
}

function compile(root: string, cache: boolean, mode: "write" | "check" = "write"): CompileResult {
  return compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode, cache });
}

const outputs = generatedFiles;

/** The cached compile's outputs and diagnostics equal those of a compile from scratch of the same inputs. */
function expectSameAsCold(root: string, cached: CompileResult): void {
  const fromCache = outputs(root);
  const cold = compile(root, false);
  expect(cold.cache).toBeUndefined();
  expect(fromCache).toEqual(outputs(root));
  expect(cached.diagnostics).toEqual(cold.diagnostics);
  expect(Object.values(fromCache).join("")).not.toContain("POISON");
  expect(JSON.stringify(cached.pipelines)).not.toContain("POISON");
}

function entryFile(root: string): string {
  const dir = cacheFolder(root);
  const entries = fs.readdirSync(dir).filter((f) => f.startsWith("compile-") && f.endsWith(".json") && !f.endsWith(".result.json"));
  expect(entries).toHaveLength(1);
  return path.join(dir, entries[0]!);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Rewrites a file the cache wrote ("<sha256>\n<JSON>"), keeping its checksum valid; returns the new JSON. */
function rewrite<T>(file: string, change: (value: T) => void): string {
  const text = fs.readFileSync(file, "utf8");
  const value = JSON.parse(text.slice(text.indexOf("\n") + 1)) as T;
  change(value);
  const json = JSON.stringify(value);
  fs.writeFileSync(file, `${sha256(json)}\n${json}`);
  return json;
}

/** Rewrites the stored entry (checksums kept valid), as a stale or foreign entry would look. */
function rewriteEntry(root: string, change: (entry: { tool: string; result: string }) => void): void {
  rewrite(entryFile(root), change);
}

/** Replaces every stored pipeline's tags, and records the poisoned result's hash in the entry, as a consistent cache. */
function poison(root: string): void {
  // The result is plain JSON: its checksum is the hash the entry records.
  const result = JSON.parse(fs.readFileSync(resultFile(root), "utf8")) as { pipelines: { tags: string[] }[] };
  result.pipelines.forEach((p) => (p.tags = [POISON]));
  const json = JSON.stringify(result);
  fs.writeFileSync(resultFile(root), json);
  rewriteEntry(root, (entry) => (entry.result = sha256(json)));
}

const resultFile = (root: string) => entryFile(root).replace(/\.json$/, ".result.json");

describe("the compile cache", () => {
  it("a second compile with nothing changed is answered from the cache, with the same bytes and diagnostics as a cold one", () => {
    const root = project();
    const first = compile(root, true);
    expect(first.cache).toBe("miss");
    expect(first.diagnostics.map((d) => d.code)).toEqual(["credential-in-clear", "credential-in-clear"]);
    const second = compile(root, true);
    expect(second.cache).toBe("hit");
    expect(second.pipelines).toEqual(first.pipelines);
    expectSameAsCold(root, second);

    // The control for every test below: a poisoned entry with nothing changed IS used.
    poison(root);
    const poisoned = compile(root, true);
    expect(poisoned.cache).toBe("hit");
    expect(JSON.stringify(poisoned.pipelines)).toContain("POISON");
  });

  it("a result whose output folder changed since is not used: its files come from there", () => {
    const root = project();
    compile(root, true);
    poison(root);
    fs.rmSync(path.join(root, "generated/dags/one.py"));
    const deleted = compile(root, true);
    expect(deleted.cache).toBe("miss");
    expect(deleted.changes?.created).toEqual(["dags/one.py"]);
    expectSameAsCold(root, deleted);

    poison(root);
    fs.appendFileSync(path.join(root, "generated/dags/two.py"), "# edited\n");
    const edited = compile(root, true);
    expect(edited.cache).toBe("miss");
    expect(edited.changes?.handEdited).toEqual(["dags/two.py"]);
    expect(JSON.stringify(edited.pipelines)).not.toContain("POISON");
    // Its diagnostics hold the warning about the hand edit it replaced, which a cold compile after it has not.
    const written = outputs(root);
    compile(root, false);
    expect(outputs(root)).toEqual(written);
  });

  it("`check` uses the cache too, and sees a stale output folder", () => {
    const root = project();
    compile(root, true);
    const check = compile(root, true, "check");
    expect(check.cache).toBe("hit");
    expect(check.changes?.updated).toEqual([]);
    fs.appendFileSync(path.join(root, "generated/dags/one.py"), "# edited\n");
    expect(compile(root, true, "check").changes?.handEdited).toEqual(["dags/one.py"]);
  });

  it("an edit to a helper module redoes every pipeline that imports it", () => {
    const root = project();
    compile(root, true);
    poison(root);
    fs.writeFileSync(path.join(root, "lib/images.ts"), helper("busybox:1.37"));
    const result = compile(root, true);
    expect(result.cache).toBe("miss");
    const dags = outputs(root);
    expect(dags["dags/one.py"]).toContain("busybox:1.37");
    expect(dags["dags/two.py"]).toContain("busybox:1.37");
    expectSameAsCold(root, result);
  });

  it("a new pipeline file the globs match is compiled", () => {
    const root = project();
    compile(root, true);
    poison(root);
    fs.writeFileSync(path.join(root, "pipelines/three.pipeline.ts"), importer("three"));
    const result = compile(root, true);
    expect(result.cache).toBe("miss");
    expect(Object.keys(outputs(root))).toContain("dags/three.py");
    expectSameAsCold(root, result);
  });

  it("a tsconfig.json change (a new one, then an edit) is a miss", () => {
    const root = project();
    compile(root, true);
    poison(root);
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", skipLibCheck: true } }));
    const added = compile(root, true);
    expect(added.cache).toBe("miss");
    expectSameAsCold(root, added);

    poison(root);
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", skipLibCheck: true, allowUnreachableCode: true } }));
    const edited = compile(root, true);
    expect(edited.cache).toBe("miss");
    expectSameAsCold(root, edited);
  });

  it("an entry written by another version of the compiler is not used", () => {
    const root = project();
    compile(root, true);
    poison(root);
    rewriteEntry(root, (entry) => (entry.tool = `another version: ${entry.tool}`));
    const result = compile(root, true);
    expect(result.cache).toBe("miss");
    expectSameAsCold(root, result);
  });

  it("a corrupt or truncated entry or result is ignored, not fatal, and replaced", () => {
    const root = project();
    compile(root, true);
    for (const file of [entryFile(root), resultFile(root)]) {
      const good = fs.readFileSync(file, "utf8");
      for (const damaged of [good.slice(0, good.length / 2), "not json at all", good.replace(/busybox|pipelines/, "busyfox"), ""]) {
        fs.writeFileSync(file, damaged);
        const result = compile(root, true);
        expect(result.cache).toBe("miss");
        expect(result.written).toBe(true);
        expectSameAsCold(root, result);
        expect(compile(root, true).cache).toBe("hit");
      }
    }
  });

  it("without the cache option nothing is read or written in the cache folder", () => {
    const root = project();
    compile(root, false);
    expect(fs.existsSync(cacheFolder(root))).toBe(false);
  });
});
