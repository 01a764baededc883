import type { TriggerRule } from "../../dsl/task-settings";

/** One task of a pipeline, as the join analysis sees it: its upstream ids and, for a branch, its paths' first tasks. */
export interface JoinNode {
  readonly id: string;
  readonly upstream: readonly string[];
  /** For a task that branches: the ids of the direct downstream tasks of each path it can take. */
  readonly paths?: readonly (readonly string[])[];
}

/** A task that comes after several paths of one branch: in every run, some of its upstream tasks are skipped. */
export interface Join {
  readonly taskId: string;
  /** The branch whose paths meet there (the first such, in task order). */
  readonly branchId: string;
}

/**
 * The trigger rule a join gets unless its task sets one: run when no upstream task failed and at least one
 * succeeded, so it runs after whichever path ran (the rule Airflow's docs give for joins after a branch).
 */
export const JOIN_TRIGGER_RULE: TriggerRule = "none_failed_min_one_success";

/**
 * Trigger rules that skip a task as soon as one upstream task is skipped: on a join they skip it in every run,
 * since the paths not taken are always skipped.
 */
export const SKIPPED_BY_ANY_SKIP: readonly TriggerRule[] = ["all_success", "none_skipped", "all_failed"];

/**
 * The joins of a pipeline: tasks with upstream tasks on different paths of one branch such that no single path
 * runs them all (with the default `all_success`, Airflow would skip the task in every run). A task after one path
 * only is not a join: it is meant to be skipped with its path. Cycles are reported elsewhere; here they end the walk.
 */
export function findJoins(nodes: readonly JoinNode[]): Join[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const labels = new Map<string, ReadonlySet<string>>();
  const visiting = new Set<string>();

  // The paths (`<branch id>#<path index>`) a task is on, through any of its upstream tasks.
  const labelsOf = (id: string): ReadonlySet<string> => {
    const known = labels.get(id);
    if (known) return known;
    if (visiting.has(id)) return new Set();
    visiting.add(id);
    const out = new Set<string>();
    for (const up of byId.get(id)?.upstream ?? []) for (const label of edgeLabels(up, id)) out.add(label);
    visiting.delete(id);
    labels.set(id, out);
    return out;
  };
  // The paths an edge carries: those its upstream task is on, and the branch's own paths that lead to `down`.
  const edgeLabels = (up: string, down: string): string[] => {
    const own = (byId.get(up)?.paths ?? []).flatMap((path, index) => (path.includes(down) ? [`${up}#${index}`] : []));
    return [...labelsOf(up), ...own];
  };

  const joins: Join[] = [];
  for (const node of nodes) {
    const perEdge = node.upstream.map((up) => edgeLabels(up, node.id));
    const branches = [...new Set(perEdge.flat().map((label) => label.slice(0, label.lastIndexOf("#"))))];
    const branchId = branches.find((branch) => {
      const onBranch = perEdge.map((edge) => new Set(edge.filter((label) => label.startsWith(`${branch}#`)))).filter((edge) => edge.size > 0);
      if (onBranch.length < 2) return false;
      // No one path of the branch runs every one of these upstream tasks.
      return ![...onBranch[0]!].some((label) => onBranch.every((edge) => edge.has(label)));
    });
    if (branchId !== undefined) joins.push({ taskId: node.id, branchId });
  }
  return joins;
}
