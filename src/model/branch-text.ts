import type { Pipeline } from "./pipeline";

type BranchTask = Extract<Pipeline["tasks"][number], { kind: "branch" }>;

/** What a branch decides on, as `ls`, the graph and the manifest show it: `when check.ok`, `switch check.tier`. */
export function branchSubject(t: BranchTask): string {
  const field = [t.sourceTaskId, ...t.fieldPath].join(".");
  return `${t.mode === "continueIf" ? "continue if" : t.mode} ${field}`;
}

/** Each case of a branch and the tasks it runs, as one line: `then → publish; else → quarantine`. */
export function branchCasesText(t: BranchTask): string {
  return t.cases.map((c) => `${c.label} → ${c.taskIds.length ? c.taskIds.join(", ") : "nothing"}`).join("; ");
}

/** The cases that lead to a branch's direct downstream task: its edge's label in the graph (`then`, `gold/silver`). */
export function caseLabelsTo(t: BranchTask, taskId: string): string {
  return t.cases.filter((c) => c.taskIds.includes(taskId)).map((c) => c.label).join("/");
}
