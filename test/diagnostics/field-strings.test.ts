import { describe, expect, it } from "vitest";
import { stringsWithPaths, visitStrings } from "../../src/diagnostics/field-strings";

describe("the strings of plain data, with their field paths", () => {
  it("finds every string value, arrays by index, under the starting path, in the order written", () => {
    expect(stringsWithPaths({ a: "x", b: [1, "y", { c: "z" }], d: null, e: true }, ["params"])).toEqual([
      [["params", "a"], "x"],
      [["params", "b", 1], "y"],
      [["params", "b", 2, "c"], "z"],
    ]);
  });

  it("visits keys before their values when asked, and walks what `expand` gives instead of an object", () => {
    const seen: [string, string, boolean][] = [];
    const special = { hidden: "not walked" };
    visitStrings({ k: "v", s: special }, (text, path, isKey) => seen.push([path.join("."), text, isKey]), { keys: true, expand: (node) => (node === special ? { shown: "w" } : undefined) });
    expect(seen).toEqual([
      ["k", "k", true],
      ["k", "v", false],
      ["s", "s", true],
      ["s.shown", "shown", true],
      ["s.shown", "w", false],
    ]);
  });

  it("walks an object used in two places at each, and ends a cycle", () => {
    const shared = { name: "n" };
    const cyclic: Record<string, unknown> = { text: "t" };
    cyclic.self = cyclic;
    expect(stringsWithPaths({ one: shared, two: shared, cyclic })).toEqual([
      [["one", "name"], "n"],
      [["two", "name"], "n"],
      [["cyclic", "text"], "t"],
    ]);
  });
});
