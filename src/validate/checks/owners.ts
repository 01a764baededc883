import type { PipelineInput } from "../../tasks";
import type { TargetedIssue } from "./graph";

/**
 * Airflow stores a DAG's owners as its tasks' distinct owners joined by ", " in `dag.owners`, a String(2000)
 * column (airflow/models/dag.py, DagModel, on 3.3 and 2.11): longer, and a database that enforces the length
 * (PostgreSQL, MySQL) refuses the DAG when the processor saves it.
 */
export const OWNERS_MAX = 2000;
/** What a task without any owner gets (`[operators] default_owner`). */
const DEFAULT_OWNER = "airflow";

/** The owners of a pipeline, joined as Airflow joins them, within the column; reported where the longest is written. */
export function checkOwners(input: PipelineInput): TargetedIssue[] {
  const { options } = input;
  const written: { owner: string; issue: Pick<TargetedIssue, "target" | "field"> }[] = [];
  if (typeof options.owner === "string") written.push({ owner: options.owner, issue: { target: { kind: "pipeline" }, field: ["owner"] } });
  if (typeof options.defaults?.owner === "string") written.push({ owner: options.defaults.owner, issue: { target: { kind: "pipeline" }, field: ["defaults", "owner"] } });
  input.tasks.forEach((task, index) => {
    if (typeof task.options.owner === "string") written.push({ owner: task.options.owner, issue: { target: { kind: "task", index }, field: ["owner"] } });
  });
  const owners = new Set(input.tasks.map((t) => t.options.owner ?? options.defaults?.owner ?? options.owner ?? DEFAULT_OWNER));
  // Characters as the database counts them: code points.
  const length = [...[...owners].join(", ")].length;
  if (length <= OWNERS_MAX) return [];
  const longest = written.filter((w) => owners.has(w.owner)).sort((a, b) => [...b.owner].length - [...a.owner].length)[0];
  if (!longest) return [];
  const alone = [...longest.owner].length > OWNERS_MAX;
  return [
    {
      ...longest.issue,
      code: "owner-too-long",
      message: alone
        ? `the owner is ${[...longest.owner].length} characters long; Airflow stores at most ${OWNERS_MAX}`
        : `the DAG's ${owners.size} owners joined by ", " are ${length} characters long; Airflow stores at most ${OWNERS_MAX}`,
      hint: "an owner is a team or person name shown in the UI, e.g. \"data-platform\"; put longer text in docs",
    },
  ];
}
