/**
 * What a picture of the pipelines shows, before layout: boxes (tasks, or pipelines for --all), groups that hold
 * them, and edges. Built from the model; the layout and the output formats read only this.
 */

import type { MappingModel, Pipeline } from "../model/pipeline";
import { scheduleText } from "../model/schedule-text";
import { assetGraph } from "./asset-graph";
import { branchCasesText, branchSubject, caseLabelsTo } from "../model/branch-text";

export interface GraphNode {
  readonly id: string;
  /** First line: the task id (or the DAG id). */
  readonly title: string;
  /** Following lines: kind and image, mapping, schedule... */
  readonly details: readonly string[];
  /** The innermost group holding it. */
  readonly group?: string;
  /** Drawn as a stack: a mapped task runs as many instances. */
  readonly mapped: boolean;
  /** Drawn as a decision (a hexagon): a branch, which runs some of its downstream tasks and skips the others. */
  readonly branch?: boolean;
}

export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The cases of a branch that take this edge (`then`, `gold/silver`). */
  readonly label?: string;
}

export interface GraphModel {
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly groups: readonly GraphGroup[];
  readonly edges: readonly GraphEdge[];
}

type Task = Pipeline["tasks"][number];

/** One pipeline: its tasks with kind and image, its groups as boxes, mapped tasks with their cap, its edges. */
export function pipelineGraph(p: Pipeline): GraphModel {
  return {
    title: p.dagId,
    nodes: p.tasks.map((t) => ({
      id: t.taskId,
      title: t.localId,
      details: [...graphDetails(t), ...(t.mapping ? [mappingLine(t.mapping)] : [])],
      ...(t.group !== undefined && { group: t.group }),
      mapped: t.mapping !== undefined,
      ...(t.kind === "branch" && { branch: true }),
    })),
    groups: p.groups.map((g) => ({ id: g.groupId, label: g.localId, ...(g.parent !== undefined && { parent: g.parent }) })),
    edges: p.tasks.flatMap((t) => t.upstream.map((u) => ({ from: u, to: t.taskId, ...edgeLabel(p, u, t.taskId) }))),
  };
}

/**
 * The project's pipelines, one box each, and the assets between them (one box each): an edge from each pipeline
 * to the assets its tasks produce, and from each asset to the pipelines scheduled on it.
 */
export function projectGraph(pipelines: readonly Pipeline[]): GraphModel {
  const { nodes: assetNodes, edges } = assetGraph(pipelines);
  return {
    title: "pipelines",
    nodes: [
      ...pipelines.map((p) => ({ id: p.dagId, title: p.dagId, details: [scheduleText(p.schedule, p.timezone), `${p.tasks.length} task${p.tasks.length === 1 ? "" : "s"}`], mapped: false })),
      ...assetNodes,
    ],
    groups: [],
    edges: [...edges, ...pipelineLinks(pipelines)],
  };
}

/** The kind-specific lines of a task's box: one case per task kind. */
function graphDetails(t: Task): string[] {
  switch (t.kind) {
    case "pod":
      return [`pod · ${t.image}`];
    case "spark":
      return [`spark ${t.application.spec.type} · ${t.image}`];
    case "branch":
      return [branchSubject(t), branchCasesText(t)];
    case "wait":
      return [`wait · ${waitText(t.waitsFor)}${t.sensor.deferrable ? " · deferrable" : ""}`];
    case "trigger":
      return [`trigger · ${t.targetDagId}${t.waitForCompletion ? " · waits for it" : ""}`];
    default: {
      const unknown: never = t;
      return unknown;
    }
  }
}

/** An edge out of a branch is labelled with the cases that take it. */
function edgeLabel(p: Pipeline, from: string, to: string): { label?: string } {
  const source = p.tasks.find((t) => t.taskId === from);
  const label = source?.kind === "branch" ? caseLabelsTo(source, to) : "";
  return label ? { label } : {};
}

/** What a wait waits for, in a few words: "nightly_etl.load (1h earlier)", "until 06:00:00", "30m after the interval". */
export function waitText(w: Extract<Task, { kind: "wait" }>["waitsFor"]): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  switch (w.kind) {
    case "pipeline":
      return `${w.dagId}${w.taskId === undefined ? " (whole run)" : `.${w.taskId}`}${w.offsetSeconds ? ` (${w.offsetSeconds}s earlier)` : ""}`;
    case "time":
      return `until ${p2(w.time.hour)}:${p2(w.time.minute)}:${p2(w.time.second)}`;
    case "delta":
      return `${w.seconds}s after the data interval`;
  }
}

/** Between pipelines: a wait is an edge from the pipeline waited for, a trigger one to the pipeline triggered. */
function pipelineLinks(pipelines: readonly Pipeline[]): GraphEdge[] {
  const ids = new Set(pipelines.map((p) => p.dagId));
  const links = pipelines.flatMap((p) =>
    p.tasks.flatMap((t): GraphEdge[] => {
      if (t.kind === "wait" && t.waitsFor.kind === "pipeline") return [{ from: t.waitsFor.dagId, to: p.dagId }];
      if (t.kind === "trigger") return [{ from: p.dagId, to: t.targetDagId }];
      return [];
    }),
  );
  const seen = new Set<string>();
  return links.filter((e) => ids.has(e.from) && ids.has(e.to) && !seen.has(`${e.from}\0${e.to}`) && seen.add(`${e.from}\0${e.to}`));
}

function mappingLine(m: MappingModel): string {
  const over = m.kind === "static" ? `${m.argsPerItem.length} items` : `result of ${m.sourceTaskId}`;
  return `mapped over ${over}, ${m.maxParallel !== undefined ? `max ${m.maxParallel} at once` : "no cap"}`;
}
