import type { PlanChange } from "./plan";

/**
 * The plan as Markdown, to read in a terminal or paste as a pull-request comment: one section per pipeline, then
 * what the deploy must provide.
 */
export function planText(changes: readonly PlanChange[], against: string, manifestPath: string, absent: boolean): string {
  const title = `## airflow-ts plan against ${against}`;
  const source = absent ? `(${manifestPath} does not exist at ${against}: everything is new)` : `(compared with ${manifestPath} at ${against})`;
  if (changes.length === 0) return `${title}\n\nNo changes for Airflow ${source}.`;
  const lines = [title, "", `${changes.length} change${changes.length === 1 ? "" : "s"} ${source}.`];
  const byPipeline = new Map<string, PlanChange[]>();
  for (const c of changes) if (c.dagId !== null) byPipeline.set(c.dagId, [...(byPipeline.get(c.dagId) ?? []), c]);
  for (const [dagId, list] of [...byPipeline].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push("", `### ${dagId}`, "", ...list.map(bullet));
  }
  const provide = changes.filter((c) => c.dagId === null);
  if (provide.length > 0) lines.push("", "### The deploy must provide", "", ...provide.map(bullet));
  return lines.join("\n");
}

function bullet(c: PlanChange): string {
  return `- **${c.kind}**: ${c.message}${c.consequence ? `. ${capitalize(c.consequence)}.` : ""}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
