import { describe, expect, it } from "vitest";
import { findJoins, type JoinNode } from "../../../src/tasks/shared/branch-joins";

/** Nodes from `task: upstream...` lines; a branch's paths are given apart. */
function graph(edges: Record<string, string[]>, branches: Record<string, string[][]>): JoinNode[] {
  const ids = [...new Set([...Object.keys(edges), ...Object.values(edges).flat(), ...Object.keys(branches)])];
  return ids.map((id) => ({ id, upstream: edges[id] ?? [], ...(branches[id] && { paths: branches[id] }) }));
}

describe("joins after a branch", () => {
  it("is a task after two paths, directly or further down a path; not a task after one path", () => {
    const nodes = graph({ a: ["br"], b: ["br"], c: ["a"], join: ["c", "b"], one: ["c"], also_one: ["a", "check"], br: ["check"] }, { br: [["a"], ["b"]] });
    expect(findJoins(nodes)).toEqual([{ taskId: "join", branchId: "br" }]);
  });

  it("is not a task whose upstream tasks all run on one path (a task on both paths runs whichever is taken)", () => {
    const nodes = graph({ both: ["br"], a: ["br"], b: ["br"], after_both: ["both", "a"], after_a_b: ["a", "b"] }, { br: [["a", "both"], ["b", "both"]] });
    expect(findJoins(nodes).map((j) => j.taskId)).toEqual(["after_a_b"]);
  });

  it("keeps the paths of two branches apart: a task after one path of each is not a join", () => {
    const nodes = graph({ a: ["x"], b: ["x"], c: ["y"], d: ["y"], t: ["a", "c"] }, { x: [["a"], ["b"]], y: [["c"], ["d"]] });
    expect(findJoins(nodes)).toEqual([]);
  });

  it("sees through a nested branch: its paths carry the outer branch's path", () => {
    const nodes = graph({ inner: ["outer"], b: ["outer"], i1: ["inner"], i2: ["inner"], join: ["i1", "b"] }, { outer: [["inner"], ["b"]], inner: [["i1"], ["i2"]] });
    expect(findJoins(nodes)).toEqual([{ taskId: "join", branchId: "outer" }]);
  });

  it("ends on a cycle instead of looping (cycles are reported by the graph check)", () => {
    const nodes = graph({ a: ["br", "c"], b: ["br"], c: ["a"], join: ["a", "b"] }, { br: [["a"], ["b"]] });
    expect(findJoins(nodes).map((j) => j.taskId)).toEqual(["join"]);
  });
});
