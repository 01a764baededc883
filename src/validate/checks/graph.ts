import { kindOf, type PipelineInput } from "../../tasks";
import { implicitUpstream } from "../../tasks/shared/implicit-upstream";
import { closest, type Issue, type IssueTarget } from "../../diagnostics/issue";

export interface TargetedIssue extends Issue {
  readonly target: IssueTarget;
  /** The argument of the target's call that `field` starts from (a task's id is argument 0, its options 1). */
  readonly argument?: number;
}

/**
 * Task ids unique, every dependency pointing at a task of this pipeline, and no cycles, counting the
 * dependencies XCom pulls and mapping add (`implicitUpstream`).
 */
export function checkGraph(input: PipelineInput): TargetedIssue[] {
  const issues: TargetedIssue[] = [];
  const ids = new Set<string>();
  input.tasks.forEach((task, index) => {
    if (ids.has(task.id)) {
      issues.push({ target: { kind: "task", index }, argument: 0, field: [], code: "duplicate-task-id", message: `task id "${task.id}" is used twice in this pipeline`, hint: "give each task its own id" });
    }
    ids.add(task.id);
  });

  const edges: Edge[] = [];
  input.dependencies.forEach((dep, index) => {
    const target: IssueTarget = { kind: "dependency", index };
    const other = dep.via === "after" ? dep.upstream : dep.downstream;
    const role = dep.via === "after" ? "upstream" : "downstream";
    if (other.foreign) {
      issues.push({ target, field: [], code: "foreign-task", message: `task "${dep.declaredOn}" depends on "${other.id}", a task of another pipeline`, hint: "dependencies link tasks of one pipeline; use the handle p.pod() returned in this pipeline" });
    } else if (!ids.has(other.id)) {
      const suggestion = closest(other.id, [...ids]);
      issues.push({
        target,
        field: [],
        code: `unknown-${role}`,
        message: `task "${dep.declaredOn}" ${dep.via === "after" ? "depends on" : "precedes"} "${other.id}", which does not exist`,
        hint: suggestion ? `did you mean "${suggestion}"?` : `tasks of this pipeline: ${[...ids].join(", ")}`,
      });
    } else if (dep.upstream.id === dep.downstream.id) {
      issues.push({ target, field: [], code: "cycle", message: `task "${dep.declaredOn}" depends on itself`, hint: "remove this dependency" });
    } else {
      edges.push({ from: dep.upstream.id, to: dep.downstream.id, index, target });
    }
  });
  input.tasks.forEach((task, index) => {
    for (const from of implicitUpstream(task, kindOf(task).templatedStrings(task.options))) {
      if (ids.has(from)) edges.push({ from, to: task.id, index: input.dependencies.length + index, target: { kind: "task", index } });
    }
  });

  for (const cycle of findCycles([...ids], edges)) {
    const names = [...cycle.map((e) => e.from), cycle[0]!.from];
    const last = cycle.reduce((a, b) => (a.index > b.index ? a : b));
    issues.push({
      target: last.target,
      field: [],
      code: "cycle",
      message: `dependency cycle: ${names.join(" -> ")}`,
      hint: "a pipeline is a DAG: remove one of these dependencies",
    });
  }
  return issues;
}

/** A dependency between two tasks; `index` orders them as declared (implicit ones after all explicit ones). */
type Edge = { from: string; to: string; index: number; target: IssueTarget };

/** One cycle per strongly connected group of tasks, as the edges that close it. */
function findCycles(ids: readonly string[], edges: readonly Edge[]): Edge[][] {
  const outgoing = new Map<string, Edge[]>(ids.map((id) => [id, []]));
  for (const edge of edges) outgoing.get(edge.from)!.push(edge);
  const state = new Map<string, "visiting" | "done">();
  const stack: Edge[] = [];
  const cycles: Edge[][] = [];
  // Depth-first with an explicit stack of frames, not recursion: a chain of 5,000 tasks overflowed the call stack.
  const visit = (root: string) => {
    const frames: { id: string; edges: readonly Edge[]; next: number }[] = [];
    const enter = (id: string) => {
      state.set(id, "visiting");
      frames.push({ id, edges: outgoing.get(id) ?? [], next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        state.set(frame.id, "done");
        frames.pop();
        stack.pop(); // the edge that led here (none for the root)
        continue;
      }
      const next = state.get(edge.to);
      if (next === "visiting") {
        const start = stack.findIndex((e) => e.from === edge.to);
        cycles.push([...stack.slice(start === -1 ? stack.length : start), edge]);
      } else if (next === undefined) {
        stack.push(edge);
        enter(edge.to);
      }
    }
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return cycles;
}
