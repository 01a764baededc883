import { FONT, type LaidOutGraph } from "./layout";

/**
 * The laid-out graph as a standalone SVG: groups as labelled boxes, tasks as boxes (a mapped task as a stack),
 * edges as arrows. Every user string is XML-escaped; numbers are rounded so the bytes are stable.
 */
export function graphSvg(g: LaidOutGraph): string {
  const n = (v: number) => String(Math.round(v * 10) / 10);
  const width = Math.ceil(g.width);
  const height = Math.ceil(g.height);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT.family}" font-size="${FONT.size}">`,
    `<title>${xml(g.model.title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const group of g.model.groups) {
    const b = g.groups.get(group.id)!;
    out.push(
      `<g class="group" data-group-id="${xml(group.id)}"><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="6" fill="#f3f6fb" stroke="#8aa2c8" stroke-dasharray="4 3"/>` +
        `<text x="${n(b.x + 8)}" y="${n(b.y + 16)}" font-weight="bold" fill="#3b5a8a">${xml(group.label)}</text></g>`,
    );
  }
  for (const edge of g.edges) {
    if (edge.points.length < 2) continue;
    const d = edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${n(p.x)},${n(p.y)}`).join(" ");
    out.push(`<path class="edge" data-from="${xml(edge.from)}" data-to="${xml(edge.to)}" d="${d}" fill="none" stroke="#555" stroke-width="1.2" marker-end="url(#arrow)"/>`);
    // A branch's edge carries the cases that take it, just before the arrow's head.
    const label = g.model.edges.find((e) => e.from === edge.from && e.to === edge.to)?.label;
    if (label) {
      const [a, b] = [edge.points[edge.points.length - 2]!, edge.points[edge.points.length - 1]!];
      out.push(`<text class="edge-label" x="${n(a.x + (b.x - a.x) / 2 - (label.length * FONT.charWidth) / 2)}" y="${n(a.y + (b.y - a.y) / 2 - 4)}" fill="#7a4b00" font-style="italic">${xml(label)}</text>`);
    }
  }
  for (const node of g.model.nodes) {
    const b = g.nodes.get(node.id)!;
    const rect = (dx: number, fill: string) => `<rect x="${n(b.x + dx)}" y="${n(b.y - dx)}" width="${n(b.width)}" height="${n(b.height)}" rx="4" fill="${fill}" stroke="#2d3b4f"/>`;
    // A mapped task is a stack of instances: two offset boxes behind it.
    const stack = node.mapped ? rect(6, "#e6ebf2") + rect(3, "#eef2f7") : "";
    const lines = [node.title, ...node.details].map((text, i) => {
      const y = b.y + 10 + FONT.lineHeight * (i + 1) - 4;
      return `<text x="${n(b.x + 10)}" y="${n(y)}"${i === 0 ? ` font-weight="bold" fill="#111"` : ` fill="#445"`}>${xml(text)}</text>`;
    });
    // A branch is drawn as a hexagon (a decision) in amber; every other task as a white box.
    const inset = FONT.charWidth;
    const hexagon = `<polygon points="${[[b.x, b.y + b.height / 2], [b.x + inset, b.y], [b.x + b.width - inset, b.y], [b.x + b.width, b.y + b.height / 2], [b.x + b.width - inset, b.y + b.height], [b.x + inset, b.y + b.height]].map(([x, y]) => `${n(x!)},${n(y!)}`).join(" ")}" fill="#fff4dc" stroke="#a36a00"/>`;
    out.push(`<g class="${node.branch ? "task branch" : "task"}" data-task-id="${xml(node.id)}">${stack}${node.branch ? hexagon : rect(0, "#ffffff")}${lines.join("")}</g>`);
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
