/**
 * Text written for people: a DAG's description and docs, a task's doc, a group's tooltip, a param's description.
 * Whitespace-only text says nothing: it is left out as if it were absent, the same for every such field (Airflow
 * would otherwise show an empty line in the DAG list, or a blank tooltip).
 */
export function freeText(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text;
}
