import type { GraphModel } from "./graph-model";

/**
 * The graph for tools that lay it out themselves: Mermaid (GitHub renders it in Markdown) and Graphviz DOT. Ids are
 * numbered (n0, n1...) so no task id has to survive their syntax; labels are escaped for each.
 */
export function graphMermaid(g: GraphModel): string {
  const ids = numbered(g);
  const lines = ["flowchart LR"];
  const label = (title: string, details: readonly string[]) => `"${[`<b>${mermaidText(title)}</b>`, ...details.map(mermaidText)].join("<br/>")}"`;
  const emit = (group: string | undefined, indent: string) => {
    for (const sub of g.groups.filter((x) => x.parent === group)) {
      lines.push(`${indent}subgraph ${ids.groups.get(sub.id)}["${mermaidText(sub.label)}"]`);
      emit(sub.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
    for (const node of g.nodes.filter((x) => x.group === group)) {
      // A branch is a hexagon, Mermaid's decision-like shape that still holds several lines.
      const [open, close] = node.branch ? ["{{", "}}"] : node.mapped ? ["[[", "]]"] : ["[", "]"];
      lines.push(`${indent}${ids.nodes.get(node.id)}${open}${label(node.title, node.details)}${close}`);
    }
  };
  emit(undefined, "  ");
  for (const e of g.edges) lines.push(`  ${ids.nodes.get(e.from)} -->${e.label ? `|"${mermaidText(e.label)}"|` : ""} ${ids.nodes.get(e.to)}`);
  return `${lines.join("\n")}\n`;
}

export function graphDot(g: GraphModel): string {
  const ids = numbered(g);
  const lines = [`digraph ${dotString(g.title)} {`, "  rankdir=LR;", `  node [shape=box, fontname="monospace", fontsize=11];`];
  const emit = (group: string | undefined, indent: string) => {
    for (const sub of g.groups.filter((x) => x.parent === group)) {
      lines.push(`${indent}subgraph cluster_${ids.groups.get(sub.id)} {`, `${indent}  label=${dotString(sub.label)}; style=dashed;`);
      emit(sub.id, `${indent}  `);
      lines.push(`${indent}}`);
    }
    for (const node of g.nodes.filter((x) => x.group === group)) {
      const style = node.branch ? ", shape=hexagon" : node.mapped ? ", peripheries=2" : "";
      lines.push(`${indent}${ids.nodes.get(node.id)} [label=${dotString([node.title, ...node.details].join("\n"))}${style}];`);
    }
  };
  emit(undefined, "  ");
  for (const e of g.edges) lines.push(`  ${ids.nodes.get(e.from)} -> ${ids.nodes.get(e.to)}${e.label ? ` [label=${dotString(e.label)}]` : ""};`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function numbered(g: GraphModel) {
  return {
    nodes: new Map(g.nodes.map((node, i) => [node.id, `n${i}`])),
    groups: new Map(g.groups.map((group, i) => [group.id, `g${i}`])),
  };
}

/** Mermaid label text inside double quotes: its entity codes for the characters its parser reads. */
function mermaidText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
