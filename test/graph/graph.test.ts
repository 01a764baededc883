import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { pipelineModule, tempProject } from "../helpers/temp-project";

const REPO = path.resolve(__dirname, "../..");
const ARTIFACTS = path.join(REPO, "test-artifacts", "graph");

const SALES = pipelineModule(
  `const list = p.pod("list_parts", { image: "ghcr.io/acme/parts:1.0", result: z.array(z.string()) });
  const each = p.map("transform_part", { over: list.result, maxParallel: 3 }, (part) => ({ image: "ghcr.io/acme/transform:2.0", args: [part] }));
  p.group("publish", (g) => {
    const check = g.pod("check_rows", { image: "ghcr.io/acme/check:1.1" });
    g.pod("load_warehouse", { image: "ghcr.io/acme/load:3.0" }).after(check);
  });
  p.pod("notify_team", { image: "busybox:1.36" }).after(each);`,
  { id: `"sales"` },
).replace(`import { configMap,`, `import { z, configMap,`);
const OTHER = pipelineModule(`p.pod("ping", { image: "busybox:1.36" });`, { id: `"other"` });

async function run(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function chromiumPath(): string {
  return execFileSync(path.join(REPO, "test/plugin/setup-chromium.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

describe("airflow-ts graph", () => {
  const root = tempProject({ "pipelines/sales.pipeline.ts": SALES, "pipelines/other.pipeline.ts": OTHER });

  it("draws the pipeline as SVG, laid out by ELK, that Chromium renders with every task, the group around its tasks, and the edges (screenshot in test-artifacts/graph/)", async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const svgFile = path.join(ARTIFACTS, "sales.svg");
    const { code, out } = await run(root, "graph", "sales", "-o", svgFile);
    expect(code).toBe(0);
    expect(out).toMatch(/^wrote .*sales\.svg$/);
    const svg = fs.readFileSync(svgFile, "utf8");
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 600 } });
      await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
      await page.screenshot({ path: path.join(ARTIFACTS, "sales.png") });
      const text = await page.locator("svg").textContent();
      for (const name of ["list_parts", "transform_part", "check_rows", "load_warehouse", "notify_team", "publish"]) expect(text).toContain(name);
      expect(text).toContain("pod · ghcr.io/acme/transform:2.0");
      expect(text).toContain("mapped over result of list_parts, max 3 at once");
      // Geometry as the browser measures it: the group's box holds its two tasks and no other.
      // Written as a string: it runs in the page, and this project's TypeScript has no DOM types.
      type Rect = { x: number; y: number; right: number; bottom: number };
      const boxes = await page.evaluate<{ group: Rect; tasks: Record<string, Rect>; edges: number; stacked: number }>(`(() => {
        const box = (el) => {
          const r = el.getBBox();
          return { x: r.x, y: r.y, right: r.x + r.width, bottom: r.y + r.height };
        };
        const tasks = Object.fromEntries([...document.querySelectorAll("g.task")].map((g) => [g.getAttribute("data-task-id"), box(g.querySelector("rect:last-of-type"))]));
        return { group: box(document.querySelector("g.group rect")), tasks, edges: document.querySelectorAll("path.edge").length, stacked: document.querySelectorAll('g.task[data-task-id="transform_part"] rect').length };
      })()`);
      const inside = (t: Rect) => t.x >= boxes.group.x && t.right <= boxes.group.right && t.y >= boxes.group.y && t.bottom <= boxes.group.bottom;
      expect(Object.entries(boxes.tasks).filter(([, t]) => inside(t)).map(([id]) => id).sort()).toEqual(["publish.check_rows", "publish.load_warehouse"]);
      expect(boxes.edges).toBe(3);
      expect(boxes.stacked).toBe(3);
      // Layered left to right: each task starts right of the tasks it runs after.
      expect(boxes.tasks["transform_part"]!.x).toBeGreaterThan(boxes.tasks["list_parts"]!.right);
      expect(boxes.tasks["notify_team"]!.x).toBeGreaterThan(boxes.tasks["transform_part"]!.right);
      expect(boxes.tasks["publish.load_warehouse"]!.x).toBeGreaterThan(boxes.tasks["publish.check_rows"]!.right);
    } finally {
      await browser.close();
    }
  });

  it("the same input gives the same bytes; Mermaid and DOT carry the group, the mapping and the edges", async () => {
    const first = await run(root, "graph", "sales");
    const second = await run(root, "graph", "sales");
    expect(first.out).toBe(second.out);
    expect(first.out.startsWith("<svg")).toBe(true);
    await run(root, "graph", "sales", "-o", "out/sales.mmd");
    const mmd = fs.readFileSync(path.join(root, "out/sales.mmd"), "utf8");
    expect(mmd).toContain('subgraph g0["publish"]');
    expect(mmd).toMatch(/n1\[\["<b>transform_part<\/b><br\/>pod · ghcr.io\/acme\/transform:2.0<br\/>mapped over result of list_parts, max 3 at once"\]\]/);
    expect(mmd).toContain("n0 --> n1");
    await run(root, "graph", "sales", "-o=out/sales.dot");
    const dot = fs.readFileSync(path.join(root, "out/sales.dot"), "utf8");
    expect(dot).toContain("subgraph cluster_g0 {");
    expect(dot).toContain('n1 [label="transform_part\\npod · ghcr.io/acme/transform:2.0\\nmapped over result of list_parts, max 3 at once", peripheries=2];');
  });

  it("--all draws every pipeline; --format json gives the boxes and edges with coordinates", async () => {
    const { code, out } = await run(root, "graph", "--all", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ version: 1, command: "graph", ok: true, dagId: null, format: "svg" });
    expect(report.graph.nodes.map((n: { id: string }) => n.id)).toEqual(["other", "sales"]);
    const one = JSON.parse((await run(root, "graph", "sales", "--format", "json")).out);
    expect(one.graph.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual(["list_parts>transform_part", "publish.check_rows>publish.load_warehouse", "transform_part>notify_team"]);
    expect(one.graph.groups).toEqual([expect.objectContaining({ id: "publish", label: "publish", parent: null })]);
  });

  it("with plugin: { graphs: true }, compile writes each pipeline's picture for the plugin: the same SVG `graph` draws; without it, none, and turning it off removes them", async () => {
    const config = (graphs: boolean) => `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], plugin: { graphs: ${graphs} } });\n`;
    const project = tempProject({ "pipelines/sales.pipeline.ts": SALES, "pipelines/other.pipeline.ts": OTHER, "airflow-ts.config.ts": config(true) });
    expect((await run(project, "compile")).code).toBe(0);
    const graphs = path.join(project, "generated", "graphs");
    expect(fs.readdirSync(graphs).sort()).toEqual(["other.svg", "sales.svg"]);
    const written = fs.readFileSync(path.join(graphs, "sales.svg"), "utf8");
    expect(written.split("\n")[0]).toBe("<!-- Generated by airflow-ts from pipelines/sales.pipeline.ts. DO NOT EDIT: change the TypeScript pipeline and run `npx airflow-ts compile`. -->");
    const drawn = path.join(project, "drawn.svg");
    expect((await run(project, "graph", "sales", "-o", drawn)).code).toBe(0);
    expect(written.slice(written.indexOf("\n") + 1)).toBe(fs.readFileSync(drawn, "utf8"));
    expect((await run(project, "check")).code).toBe(0);

    fs.writeFileSync(path.join(project, "airflow-ts.config.ts"), config(false));
    expect((await run(project, "check")).code).not.toBe(0);
    expect((await run(project, "compile")).code).toBe(0);
    expect(fs.existsSync(path.join(graphs, "sales.svg"))).toBe(false);
  });

  it("mistakes: an unknown DAG id gets the nearest one; .png and a missing id are bad usage", async () => {
    const unknown = await run(root, "graph", "slaes");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no pipeline has the DAG id "slaes"; did you mean "sales"\?/);
    expect((await run(root, "graph", "sales", "-o", "x.png")).code).toBe(2);
    expect((await run(root, "graph")).err).toMatch(/which pipeline\?/);
  });
});
