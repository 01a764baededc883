import type { TaskInputOf } from "../../dsl/pipeline";
import type { FieldPath } from "../../diagnostics/source-location";
import { analyzeTemplate, hasJinja } from "../../knowledge/jinja/index";

/**
 * The tasks a task must run after without saying so: the producers of the XComs its templates pull (typed
 * `result` references or hand-written `ti.xcom_pull(task_ids='...')`), and the task whose list result it is
 * mapped over. Airflow would otherwise run it before its input exists.
 */
export function implicitUpstream(task: TaskInputOf, templated: readonly [FieldPath, string][]): string[] {
  const source = task.mapping?.over.kind === "result" ? [task.mapping.over.task.id] : [];
  return [...new Set([...source, ...pulledTaskIds(templated)])].filter((id) => id !== task.id);
}

/** Task ids a task pulls from XCom by literal id: the producers it must run after. */
function pulledTaskIds(strings: readonly [FieldPath, string][]): string[] {
  const ids = strings.flatMap(([, text]) => (hasJinja(text) ? analyzeTemplate(text).xcomPulls : [])).flatMap((p) => (p.taskIds === "dynamic" ? [] : p.taskIds));
  return [...new Set(ids)];
}
