/**
 * Kahn's topological sort; among tasks that are ready together, the one declared first goes first, so the
 * order is stable across runs and follows how the user wrote the pipeline. Assumes no cycles (validated).
 */
export function sortTasks(ids: readonly string[], upstream: ReadonlyMap<string, readonly string[]>): string[] {
  const remaining = new Map(ids.map((id) => [id, new Set(upstream.get(id) ?? [])]));
  const sorted: string[] = [];
  while (remaining.size > 0) {
    const next = ids.find((id) => remaining.get(id)?.size === 0);
    if (next === undefined) throw new Error("internal: cycle in a validated pipeline");
    sorted.push(next);
    remaining.delete(next);
    for (const waiting of remaining.values()) waiting.delete(next);
  }
  return sorted;
}
