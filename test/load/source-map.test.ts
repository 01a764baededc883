import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { createPositionMapper } from "../../src/load/source-map";

/** 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle));
  expect(before.length).toBeLessThan(text.length);
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe("the position mapper", () => {
  // Types removed, an enum and an import rewritten, code moved by the CommonJS wrapper: what esbuild does to a
  // pipeline module. Each marker is a call V8 would report a position of.
  const source = [
    `import { pipeline } from "airflow-ts";`,
    `type Opts = { readonly image: string; readonly retries?: number };`,
    `enum Size { Small = "s", Large = "l" }`,
    `const opts: Opts = { image: "x" };`,
    `export default pipeline({ id: "a" }, (p: { pod(id: string, o: Opts): unknown }) => {`,
    `  const first: unknown = p.pod("markerOne", opts);`,
    `  interface Ignored { a: number }`,
    `      p.pod("markerTwo", { ...opts, retries: Size.Large.length });`,
    `});`,
  ].join("\n");
  const output = esbuild.transformSync(source, { loader: "ts", format: "cjs", target: "es2022", sourcemap: "external", sourcefile: "a.ts" });
  const mapper = createPositionMapper(output.map);

  it("maps a position in the JavaScript to the same token in the TypeScript", () => {
    for (const marker of ['p.pod("markerOne"', 'p.pod("markerTwo"', '"markerTwo"', "opts);"]) {
      expect(mapper.original(...Object.values(positionOf(output.code, marker)) as [number, number]), marker).toEqual(positionOf(source, marker));
    }
  });

  it("maps a column before a line's first segment to that segment, one past its last to the last", () => {
    const at = positionOf(output.code, 'p.pod("markerTwo"');
    expect(at.column).toBeGreaterThan(1); // indented: column 1 is before the line's first segment
    expect(mapper.original(at.line, 1)).toEqual(positionOf(source, 'p.pod("markerTwo"'));
    const last = mapper.original(at.line, 10_000);
    expect(last.line).toBe(positionOf(source, 'p.pod("markerTwo"').line);
    expect(last.column).toBeGreaterThan(positionOf(source, "Size.Large").column);
  });

  it("leaves a position on a line with no mapping (esbuild's CommonJS helpers), or past the end, as it is", () => {
    const helper = output.code.split("\n").findIndex((l) => l.startsWith("var __defProp")) + 1;
    expect(helper).toBeGreaterThan(0);
    expect(mapper.original(helper, 5)).toEqual({ line: helper, column: 5 });
    expect(mapper.original(10_000, 7)).toEqual({ line: 10_000, column: 7 });
    expect(mapper.original(0, 3)).toEqual({ line: 0, column: 3 });
  });
});
