import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The stages run one way (../shared/STYLE.md, docs/internals.md): a file imports only from its own folder, from the
 * folders below it, and from nothing above. Below every stage: what Airflow, Kubernetes, cron and Jinja mean
 * (knowledge), diagnostics, and Python quoting. Task kinds sit between the DSL and the stages: the stages call them
 * through the registry, and a kind never imports a stage or another kind. Type-only imports count: a cycle of
 * types still ties the stages together.
 */
const ORDER: readonly (readonly string[])[] = [
  ["knowledge", "diagnostics", "python"],
  ["dsl"],
  ["tasks"],
  ["load"],
  ["validate"],
  ["model"],
  ["graph"],
  ["render"],
  ["emit"],
  ["cache"],
  ["compile-project"],
  ["preflight", "plan"],
  ["cli"],
  ["index"],
];
/** Base folders may import one another only in this order (knowledge may use diagnostics' types, not the reverse). */
const BASE_ORDER = ["diagnostics", "python", "knowledge"];

const SRC = path.join(__dirname, "../../src");
/** The files of src/tasks that see every kind: the registry, and the authoring API pipelines import (DSL + kinds). */
const REGISTRY_FILES = [path.join("tasks", "index.ts"), path.join("tasks", "authoring.ts")];

interface Edge {
  readonly from: string;
  readonly to: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every relative import (and `export ... from`) between files of src/, as paths relative to src/. */
function importEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return importedFiles
      .filter((i) => i.fileName.startsWith("."))
      .map((i) => {
        const target = path.resolve(path.dirname(file), i.fileName);
        const resolved = [`${target}.ts`, path.join(target, "index.ts")].find((f) => fs.existsSync(f)) ?? target;
        return { from: path.relative(SRC, file), to: path.relative(SRC, resolved) };
      });
  });
}

/** The stage of a file: its top folder under src/, or its name for top-level files (compile-project, index). */
function stageOf(file: string): string {
  return file.split(path.sep)[0]!.replace(/\.ts$/, "");
}

function rankOf(stage: string): number {
  const rank = ORDER.findIndex((group) => group.includes(stage));
  if (rank < 0) throw new Error(`src/${stage} is in no stage of ORDER: add it where it belongs in the data flow`);
  return rank;
}

/** The task kind a file of src/tasks belongs to (`pod`, `spark`), or undefined for the contract, registry and shared parts. */
function kindOf(file: string, kinds: ReadonlySet<string>): string | undefined {
  const [top, folder] = file.split(path.sep);
  return top === "tasks" && folder !== undefined && kinds.has(folder) ? folder : undefined;
}

/** Edges that run against the order: the checker the tests below apply to the real import graph. */
function againstOrder(edges: readonly Edge[], kinds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const [a, b] = [stageOf(from), stageOf(to)];
    if (a === b) {
      const [ka, kb] = [kindOf(from, kinds), kindOf(to, kinds)];
      if (ka && kb && ka !== kb) problems.push(`${from} -> ${to}: a task kind imports another kind`);
      if (a === "tasks" && !ka && kb && !REGISTRY_FILES.includes(from)) problems.push(`${from} -> ${to}: only the registry (tasks/index.ts) and the authoring API (tasks/authoring.ts) import a kind`);
      continue;
    }
    const [ra, rb] = [rankOf(a), rankOf(b)];
    if (rb > ra) problems.push(`${from} -> ${to}: ${a} runs before ${b}`);
    if (ra === 0 && rb === 0 && BASE_ORDER.indexOf(b) > BASE_ORDER.indexOf(a)) problems.push(`${from} -> ${to}: ${a} is below ${b}`);
    if (a !== "tasks" && b === "tasks" && kindOf(to, kinds)) problems.push(`${from} -> ${to}: stages reach a kind through the registry (tasks/index.ts), not directly`);
  }
  return problems;
}

/** Import cycles between files (strongly connected components of more than one file, or a file importing itself). */
function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

const taskKinds = (): Set<string> => {
  const dir = path.join(SRC, "tasks");
  if (!fs.existsSync(dir)) return new Set();
  return new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).filter((name) => fs.existsSync(path.join(dir, name, "index.ts")) && name !== "shared" && name !== "container"));
};

describe("the import graph of src/", () => {
  const edges = importEdges();

  it("finds the imports it checks (the checker reads real files)", () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ from: path.join("compile-project.ts"), to: path.join("load", "load-project.ts") });
  });

  it("has no import against the stage order", () => {
    expect(againstOrder(edges, taskKinds())).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles(edges)).toEqual([]);
  });
});

describe("the checkers themselves", () => {
  const e = (from: string, to: string): Edge => ({ from: path.join(...from.split("/")), to: path.join(...to.split("/")) });

  it("flag a stage importing a later stage, a base folder importing a stage, and a kind importing another kind", () => {
    const kinds = new Set(["pod", "spark"]);
    expect(
      againstOrder(
        [
          e("validate/a.ts", "model/b.ts"),
          e("knowledge/cron.ts", "dsl/x.ts"),
          e("diagnostics/d.ts", "knowledge/k.ts"),
          e("tasks/spark/a.ts", "tasks/pod/b.ts"),
          e("render/r.ts", "tasks/pod/view.ts"),
          e("tasks/task-kind.ts", "tasks/pod/index.ts"),
        ],
        kinds,
      ),
    ).toHaveLength(6);
    expect(againstOrder([e("model/a.ts", "validate/b.ts"), e("tasks/index.ts", "tasks/pod/index.ts"), e("tasks/pod/a.ts", "dsl/b.ts"), e("render/r.ts", "tasks/index.ts")], kinds)).toEqual([]);
  });

  it("find a cycle of three files and a file importing itself, and nothing in a tree", () => {
    expect(cycles([e("a.ts", "b.ts"), e("b.ts", "c.ts"), e("c.ts", "a.ts"), e("d.ts", "d.ts")])).toEqual([["a.ts", "b.ts", "c.ts"], ["d.ts"]]);
    expect(cycles([e("a.ts", "b.ts"), e("a.ts", "c.ts"), e("b.ts", "c.ts")])).toEqual([]);
  });
});
