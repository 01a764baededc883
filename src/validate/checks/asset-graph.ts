import type { Issue, IssueTarget } from "../../diagnostics/issue";
import { assetKey } from "../../tasks/shared/assets";
import type { AssetUse } from "./assets";
import { checkAwaitedAsset } from "./asset-waits";

/** One pipeline's part of the project's assets: its DAG id (as written, made text) and its uses (assetUses). */
export interface PipelineAssets {
  readonly dagId: string;
  readonly uses: readonly AssetUse[];
}

/** A project-level problem, attached to one pipeline (by its index) and a target in it. */
export interface ProjectIssue {
  readonly pipeline: number;
  readonly target: IssueTarget;
  readonly issue: Issue;
}

interface Use extends AssetUse {
  readonly pipeline: number;
  readonly dagId: string;
  /** The URI as Airflow 3 stores it: two spellings of one URI are one asset. */
  readonly key: string;
}

/**
 * What only the whole project shows: an asset consumed but produced by no pipeline (a warning: another project or
 * a hand-written DAG may produce it), one URI under two names or one name on two URIs (Airflow 3 keys an asset by
 * both, so the "same" asset would be two), and pipelines that trigger each other in a cycle through assets.
 */
export function checkProjectAssets(pipelines: readonly PipelineAssets[]): ProjectIssue[] {
  const uses: Use[] = pipelines.flatMap((p, pipeline) => p.uses.map((use) => ({ ...use, pipeline, dagId: p.dagId, key: assetKey(use.asset) })));
  return [...checkNotProduced(uses), ...checkAwaited(uses), ...checkNames(uses), ...checkCycles(uses)];
}

function checkNotProduced(uses: readonly Use[]): ProjectIssue[] {
  const produced = new Set(uses.filter((u) => u.role === "produces").map((u) => u.key));
  return uses
    .filter((u) => u.role === "consumes" && !produced.has(u.key))
    .map((u) => ({
      pipeline: u.pipeline,
      target: u.target,
      issue: {
        code: "asset-not-produced",
        severity: "warning" as const,
        field: [...u.field, "uri"],
        message: `no pipeline of this project produces ${JSON.stringify(u.key)}: ${u.dagId} runs only if something else does (another project, a hand-written DAG, or the REST API)`,
        hint: "if a task of this project writes it, add it to that task's produces: [...]; if it is produced elsewhere, nothing to do",
      },
    }));
}

/** Asset waits for assets no task of the project produces (checks/asset-waits.ts). */
function checkAwaited(uses: readonly Use[]): ProjectIssue[] {
  const produced = new Set(uses.filter((u) => u.role === "produces").map((u) => u.key));
  return uses.flatMap((u) => {
    const issue = u.role === "awaits" ? checkAwaitedAsset(u.key, produced, u.field, u.dagId) : undefined;
    return issue ? [{ pipeline: u.pipeline, target: u.target, issue }] : [];
  });
}

/**
 * Uses that disagree with the rest on an asset's name (same URI) or URI (same name): each reported where it departs
 * from the spelling most uses agree on (the first one seen, on a tie).
 */
function checkNames(uses: readonly Use[]): ProjectIssue[] {
  const nameOf = (u: Use) => u.asset.name ?? u.asset.uri;
  const renamed = outliers(uses, (u) => u.key, nameOf);
  // A use already reported for its name is not reported again for its URI.
  const moved = outliers(uses.filter((u) => !renamed.some((r) => r.use === u)), nameOf, (u) => u.key);
  return [
    ...renamed.map(({ use, usual }) => conflict(use, "name", `the asset ${JSON.stringify(use.key)} is named ${JSON.stringify(nameOf(use))} here and ${JSON.stringify(nameOf(usual))} in ${usual.dagId}`)),
    ...moved.map(({ use, usual }) => conflict(use, "uri", `the asset name ${JSON.stringify(nameOf(use))} is given to ${JSON.stringify(use.key)} here and to ${JSON.stringify(usual.key)} in ${usual.dagId}`)),
  ];
}

/** Within each group of `groupBy`, the uses whose `value` is not the group's most common one, with a use that has it. */
function outliers(uses: readonly Use[], groupBy: (u: Use) => string, value: (u: Use) => string): { use: Use; usual: Use }[] {
  const groups = new Map<string, Use[]>();
  for (const u of uses) (groups.get(groupBy(u)) ?? groups.set(groupBy(u), []).get(groupBy(u))!).push(u);
  const found: { use: Use; usual: Use }[] = [];
  for (const group of groups.values()) {
    const counts = new Map<string, number>();
    for (const u of group) counts.set(value(u), (counts.get(value(u)) ?? 0) + 1);
    if (counts.size < 2) continue;
    const usualValue = [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
    const usual = group.find((u) => value(u) === usualValue)!;
    for (const u of group) if (value(u) !== usualValue) found.push({ use: u, usual });
  }
  return found;
}

function conflict(use: Use, field: "name" | "uri", message: string): ProjectIssue {
  return {
    pipeline: use.pipeline,
    target: use.target,
    issue: {
      code: "asset-identity-conflict",
      field: [...use.field, field],
      message: `${message}: Airflow 3 identifies an asset by its name and URI together, so these would be two assets`,
      hint: "declare each asset once, in a shared module (export const sales = asset(...)), and import it wherever it is used",
    },
  };
}

/** Cycles of pipelines through assets (a produces what b consumes, ..., back to a), each reported once. */
function checkCycles(uses: readonly Use[]): ProjectIssue[] {
  const producers = new Map<string, Set<string>>();
  for (const u of uses) if (u.role === "produces") (producers.get(u.key) ?? producers.set(u.key, new Set()).get(u.key)!).add(u.dagId);
  // Edges producer -> consumer, with the consuming use that makes each.
  const edges = new Map<string, Map<string, Use>>();
  for (const u of uses) {
    if (u.role !== "consumes") continue;
    for (const producer of producers.get(u.key) ?? []) {
      const out = edges.get(producer) ?? edges.set(producer, new Map()).get(producer)!;
      if (!out.has(u.dagId)) out.set(u.dagId, u);
    }
  }
  const issues: ProjectIssue[] = [];
  const reported = new Set<string>();
  const nodes = [...edges.keys()].sort();
  for (const start of nodes) {
    // The shortest path back to `start`, breadth first, so the cycle named is the simplest one.
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const node = queue.shift()!;
      for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
        if (next === start) {
          previous.set(start, node);
          found = true;
          break;
        }
        if (!previous.has(next)) {
          previous.set(next, node);
          queue.push(next);
        }
      }
    }
    if (!found) continue;
    // Walked back from the edge that closes the cycle: start -> ... -> last -> start.
    const path: string[] = [];
    for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.unshift(node);
    const cycle = [start, ...path];
    const key = [...cycle].sort().join(" ");
    if (reported.has(key)) continue;
    reported.add(key);
    const closing = edges.get(cycle[cycle.length - 1]!)!.get(start)!;
    issues.push({
      pipeline: closing.pipeline,
      target: closing.target,
      issue: {
        code: "asset-cycle",
        field: [...closing.field, "uri"],
        message: `pipelines trigger each other in a cycle through assets: ${[...cycle, start].join(" -> ")} (each run of one starts the next, for ever)`,
        hint: "break the cycle: schedule one of them on a cron, or have it consume an asset the others do not produce",
      },
    });
  }
  return issues;
}
