import type { PipelineInput } from "../../tasks";
import { kindOf } from "../../tasks";
import { findJoins, JOIN_TRIGGER_RULE, SKIPPED_BY_ANY_SKIP } from "../../tasks/shared/branch-joins";
import { implicitUpstream } from "../../tasks/shared/implicit-upstream";
import type { TriggerRule } from "../../dsl/task-settings";
import type { TargetedIssue } from "./graph";

/**
 * A join whose own trigger rule skips it whenever one upstream task is skipped: after a branch, the paths not
 * taken are skipped in every run, so the task would never run. A warning: the user may mean it.
 */
export function checkBranchJoins(input: PipelineInput): TargetedIssue[] {
  const upstream = new Map<string, string[]>();
  const add = (down: string, up: string) => upstream.set(down, [...new Set([...(upstream.get(down) ?? []), up])]);
  for (const dep of input.dependencies) add(dep.downstream.id, dep.upstream.id);
  for (const task of input.tasks) for (const id of implicitUpstream(task, kindOf(task).templatedStrings(task.options))) add(task.id, id);
  const joins = findJoins(input.tasks.map((t) => ({ id: t.id, upstream: upstream.get(t.id) ?? [], paths: kindOf(t).paths?.(t.options) })));
  const indexOf = new Map(input.tasks.map((t, index) => [t.id, index]));
  return joins.flatMap(({ taskId, branchId }): TargetedIssue[] => {
    const index = indexOf.get(taskId)!;
    const rule = (input.tasks[index]!.options as { triggerRule?: TriggerRule }).triggerRule;
    if (rule === undefined || !SKIPPED_BY_ANY_SKIP.includes(rule)) return [];
    return [{
      target: { kind: "task", index },
      field: ["triggerRule"],
      severity: "warning",
      code: "join-never-runs",
      message: `"${taskId}" comes after several paths of the branch "${branchId}", and its trigger rule "${rule}" skips it whenever one upstream task is skipped: it would be skipped in every run`,
      hint: `leave triggerRule out (a join gets "${JOIN_TRIGGER_RULE}") or set "${JOIN_TRIGGER_RULE}"`,
    }];
  });
}
