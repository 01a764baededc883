import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cacheFolder } from "../../src/cache/cache-folder";
import { compileProject, type CompileResult } from "../../src/compile-project";
import { pipelineModule, tempProject, generatedFiles } from "../helpers/temp-project";

// What watch keeps in its process between compiles (compileProject with keepInMemory): the parsed per-pipeline
// entries, the type checker's files, each output file's header, each pipeline's manifest entry, and the bytes of the
// outputs it last read or wrote. Each compile must still give the bytes and diagnostics of a cold compile
// (no cache), and notice what changed outside it: an edited entry, a hand-edited output.

const alone = (id: string, image: string) => pipelineModule(`p.pod("b", { image: "${image}" });`, { id: `"${id}"` });
const configOf = (root: string) => path.join(root, "airflow-ts.config.ts");
const watchCompile = (root: string): CompileResult => compileProject({ configFile: configOf(root), mode: "write", cache: true, keepInMemory: true });
const coldCompile = (root: string): CompileResult => compileProject({ configFile: configOf(root), mode: "write" });

const outputs = generatedFiles;

/** The outputs a watch compile left are those a cold compile writes (which then has nothing to change). */
function expectSameAsCold(root: string, watched: CompileResult): void {
  const fromWatch = outputs(root);
  const cold = coldCompile(root);
  expect(outputs(root)).toEqual(fromWatch);
  expect(cold.changes?.updated).toEqual([]);
  expect(cold.changes?.created).toEqual([]);
  expect(watched.diagnostics).toEqual(cold.diagnostics);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("watch's in-memory state (keepInMemory)", () => {
  it("gives a cold compile's bytes after edits, re-reads a rewritten entry, and replaces a hand-edited output", () => {
    const root = tempProject({
      "pipelines/a.pipeline.ts": alone("a", "alpine:3.20"),
      "pipelines/b.pipeline.ts": alone("b", "alpine:3.20"),
      "pipelines/c.pipeline.ts": alone("c", "alpine:3.20"),
    });
    expectSameAsCold(root, watchCompile(root));

    // An edit: only a runs, and everything (b's and c's DAGs, the manifest) is as a cold compile makes it.
    fs.writeFileSync(path.join(root, "pipelines/a.pipeline.ts"), alone("a", "alpine:3.21"));
    const edited = watchCompile(root);
    expect(edited.modules?.ran.map((f) => path.basename(f))).toEqual(["a.pipeline.ts"]);
    expect(outputs(root)["manifest.json"]).toContain("alpine:3.21");
    expectSameAsCold(root, edited);

    // An entry rewritten on disk (here: poisoned, checksum valid) is read again, not taken from memory: the control
    // that the entries of the unchanged pipelines are what this compile used.
    const dir = path.join(cacheFolder(root), "pipelines");
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, "utf8");
      const entry = JSON.parse(text.slice(text.indexOf("\n") + 1)) as { work: { pipelines: { dag: { body: string } }[] } };
      for (const p of entry.work.pipelines) p.dag.body = "# POISON\n";
      fs.writeFileSync(file, `${sha256(JSON.stringify(entry))}\n${JSON.stringify(entry)}`);
    }
    fs.writeFileSync(path.join(root, "pipelines/a.pipeline.ts"), alone("a", "alpine:3.22"));
    watchCompile(root);
    expect(Object.keys(outputs(root)).filter((f) => outputs(root)[f]!.includes("POISON")).sort()).toEqual(["dags/b.py", "dags/c.py"]);
    fs.rmSync(cacheFolder(root), { recursive: true });
    expectSameAsCold(root, watchCompile(root));

    // A generated file edited by hand between two compiles of the same process, keeping its size: found (its
    // stamp changed), warned about and replaced, though this process wrote it and remembers its bytes.
    const bDag = path.join(root, "generated/dags/b.py");
    const before = fs.readFileSync(bDag, "utf8");
    fs.writeFileSync(bDag, before.replace("alpine:3.20", "alpine:9.99"));
    fs.writeFileSync(path.join(root, "pipelines/a.pipeline.ts"), alone("a", "alpine:3.23"));
    const afterHandEdit = watchCompile(root);
    expect(afterHandEdit.changes?.handEdited).toEqual(["dags/b.py"]);
    expect(afterHandEdit.diagnostics.map((d) => d.code)).toEqual(["hand-edit-replaced"]);
    expect(fs.readFileSync(bDag, "utf8")).toBe(before);
    const fromWatch = outputs(root);
    const cold = coldCompile(root);
    expect(outputs(root)).toEqual(fromWatch);
    expect(cold.changes?.updated).toEqual([]);
    expect(cold.diagnostics).toEqual([]);
  });
});
