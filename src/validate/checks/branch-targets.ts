import type { PipelineInput } from "../../tasks";
import { kindOf } from "../../tasks";
import type { TargetedIssue } from "./graph";

/**
 * A task right after a branch (`.before()` on its handle, or `.after(branch)`) but on none of its paths: Airflow's
 * branch operator skips every direct downstream task it does not choose, so that task is skipped in every run. A
 * warning at the dependency. (A branch on a mapped task's result cannot happen: a mapped task declares no result.)
 */
export function checkBranchTargets(input: PipelineInput): TargetedIssue[] {
  const issues: TargetedIssue[] = [];
  const onPaths = new Map<string, ReadonlySet<string>>();
  for (const task of input.tasks) {
    const paths = kindOf(task).paths?.(task.options);
    if (paths && paths.length > 0) onPaths.set(task.id, new Set(paths.flat()));
  }
  input.dependencies.forEach((dep, index) => {
    const chosen = onPaths.get(dep.upstream.id);
    if (!chosen || chosen.has(dep.downstream.id) || dep.downstream.foreign) return;
    issues.push({
      target: { kind: "dependency", index },
      field: [],
      severity: "warning",
      code: "branch-skips-always",
      message: `"${dep.downstream.id}" comes right after the branch "${dep.upstream.id}" but is in none of its paths: the branch skips it in every run`,
      hint: `put "${dep.downstream.id}" in the case that should run it, or make it come after that case's tasks instead of after the branch`,
    });
  });
  return issues;
}
