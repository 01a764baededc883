import type { PipelineInput } from "../../tasks";
import type { TargetedIssue } from "./graph";

/** Group ids as Airflow checks them (`GROUP_KEY_REGEX`, Python's unicode `\w` and "-": no dots, which join ids). */
const GROUP_ID = /^[\p{L}\p{N}_-]+$/u;

/**
 * Task groups: ids Airflow accepts, unique in their parent, never equal to a task id (Airflow keeps groups and
 * tasks in one namespace), and prefixed task ids within Airflow's 250 characters.
 */
export function checkGroups(input: PipelineInput): TargetedIssue[] {
  const issues: TargetedIssue[] = [];
  const seen = new Set<string>();
  const taskIds = new Set(input.tasks.map((t) => t.id));
  (input.groups ?? []).forEach((group, index) => {
    const target = { kind: "group", index } as const;
    if (typeof group.localId !== "string" || !GROUP_ID.test(group.localId)) {
      issues.push({ target, argument: 0, field: [], code: "invalid-group-id", message: `group id ${JSON.stringify(group.localId)} is invalid`, hint: `group ids are letters, digits, "_" and "-" (no ".": it joins a group's id to its tasks'), e.g. ${JSON.stringify(String(group.localId).replace(/[^\p{L}\p{N}_-]+/gu, "_") || "my_group")}` });
    } else if (seen.has(group.id)) {
      issues.push({ target, argument: 0, field: [], code: "duplicate-group-id", message: `group id "${group.id}" is used twice`, hint: "give each group its own id" });
    } else if (taskIds.has(group.id)) {
      issues.push({ target, argument: 0, field: [], code: "duplicate-group-id", message: `group id "${group.id}" is also a task id`, hint: "Airflow keeps task and group ids in one namespace: rename one" });
    }
    seen.add(group.id);
  });
  input.tasks.forEach((task, index) => {
    if (task.groupPath.length > 0 && task.id.length > 250) {
      issues.push({ target: { kind: "task", index }, argument: 0, field: [], code: "invalid-task-id", message: `task id "${task.id}" (with its groups' ids) is longer than 250 characters`, hint: "shorten the task's or its groups' ids" });
    }
  });
  return issues;
}
