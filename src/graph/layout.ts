/**
 * Places the boxes with ELK's layered algorithm (elkjs, the Eclipse Layout Kernel compiled to JavaScript): layers
 * left to right, groups as nested boxes laid out with their contents (hierarchy handling INCLUDE_CHILDREN, so edges
 * may cross group borders), orthogonal edges. Deterministic: the same graph gives the same coordinates.
 */

import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
// The layout engine itself, without elk-api's promise wrapper: its `FakeWorker` dispatches `{ cmd: "layout" }`
// messages in the calling thread, so a layout can run inside the synchronous compile (the plugin's pictures).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker: ElkEngine } = require("elkjs/lib/elk-worker.js") as { Worker: new () => ElkEngineInstance };

interface ElkEngineInstance {
  onmessage: (message: { data: { id: number; data?: ElkNode; error?: unknown } }) => void;
  readonly dispatcher: {
    saveDispatch(event: { data: { id: number; cmd: "register"; algorithms: string[] } | { id: number; cmd: "layout"; graph: ElkNode; layoutOptions: object; options: object } }): void;
  };
}

let engine: ElkEngineInstance | undefined;
let answer: { data?: ElkNode; error?: unknown } | undefined;

/** One engine per process, with the layered algorithm registered (as elk-api registers it on construction). */
function elkEngine(): ElkEngineInstance {
  if (!engine) {
    engine = new ElkEngine();
    engine.onmessage = (message) => {
      answer = message.data;
    };
    engine.dispatcher.saveDispatch({ data: { id: 0, cmd: "register", algorithms: ["layered"] } });
  }
  return engine;
}
import type { GraphModel, GraphNode } from "./graph-model";

/** The text metrics the boxes are sized with: a monospace font, so widths follow from character counts. */
export const FONT = { family: "DejaVu Sans Mono, Menlo, Consolas, monospace", size: 12, charWidth: 7.3, lineHeight: 16 } as const;
const PAD = 10;
const GROUP_LABEL = 22;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutGraph {
  readonly model: GraphModel;
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Box>;
  readonly groups: ReadonlyMap<string, Box>;
  /** Each edge's polyline, in absolute coordinates. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly points: readonly { x: number; y: number }[] }[];
}

/** ELK's layered layout of the graph, computed in this thread (elk-api's `layout` would only wrap it in a promise). */
function elkLayout(root: ElkNode): ElkNode {
  answer = undefined;
  elkEngine().dispatcher.saveDispatch({ data: { id: 1, cmd: "layout", graph: root, layoutOptions: {}, options: {} } });
  // Set by the engine's onmessage during the call above (TypeScript cannot see that).
  const got = answer as { data?: ElkNode; error?: unknown } | undefined;
  if (!got?.data) throw new Error(`ELK could not lay out the graph: ${String((got?.error as { message?: string } | undefined)?.message ?? got?.error)}`);
  return got.data;
}

/** Synchronous, so the compile can draw every pipeline for the plugin's Pipelines page. */
export function layoutGraph(model: GraphModel): LaidOutGraph {
  const root: ElkNode = {
    id: "\u0000root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      "elk.spacing.nodeNode": "20",
      "elk.padding": "[top=10,left=10,bottom=10,right=10]",
    },
    children: [],
    edges: model.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  const containers = new Map<string | undefined, ElkNode>([[undefined, root]]);
  for (const g of model.groups) {
    containers.set(g.id, { id: `group:${g.id}`, layoutOptions: { "elk.padding": `[top=${GROUP_LABEL + 6},left=12,bottom=12,right=12]` }, children: [] });
  }
  for (const g of model.groups) containers.get(g.parent)!.children!.push(containers.get(g.id)!);
  for (const n of model.nodes) containers.get(n.group)!.children!.push({ id: n.id, ...nodeSize(n) });

  const laid = elkLayout(root);
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const absolute = new Map<string, { x: number; y: number }>([[root.id, { x: 0, y: 0 }]]);
  const visit = (node: ElkNode, ox: number, oy: number) => {
    for (const child of node.children ?? []) {
      const box = { x: ox + child.x!, y: oy + child.y!, width: child.width!, height: child.height! };
      absolute.set(child.id, box);
      if (child.id.startsWith("group:")) groups.set(child.id.slice("group:".length), box);
      else nodes.set(child.id, box);
      visit(child, box.x, box.y);
    }
  };
  visit(laid, 0, 0);
  // ELK gives an edge's points relative to the node that contains it (its `container`).
  const byId = new Map(model.edges.map((e, i) => [`e${i}`, e]));
  const edges = (laid.edges ?? []).map((e) => {
    const offset = absolute.get((e as { container?: string }).container ?? root.id) ?? { x: 0, y: 0 };
    const section = e.sections?.[0];
    const raw = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    const { from, to } = byId.get(e.id)!;
    return { from, to, points: raw.map((p) => ({ x: offset.x + p.x, y: offset.y + p.y })) };
  });
  return { model, width: laid.width ?? 0, height: laid.height ?? 0, nodes, groups, edges };
}

/** A box wide enough for its longest line, tall enough for its lines. */
export function nodeSize(n: GraphNode): { width: number; height: number } {
  const lines = [n.title, ...n.details];
  const longest = Math.max(...lines.map((l) => [...l].length));
  return { width: Math.ceil(longest * FONT.charWidth) + 2 * PAD, height: lines.length * FONT.lineHeight + 2 * PAD - 4 };
}
