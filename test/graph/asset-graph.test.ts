import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { tempProject } from "../helpers/temp-project";

const REPO = path.resolve(__dirname, "../..");
const ARTIFACTS = path.join(REPO, "test-artifacts", "graph");

const files = {
  "pipelines/lake.ts": `import { asset } from "airflow-ts";
export const sales = asset("s3://lake/sales", { name: "sales_daily" });
export const fx = asset("s3://lake/fx");\n`,
  "pipelines/etl.pipeline.ts": `import { cron, pipeline } from "airflow-ts";
import { fx, sales } from "./lake";
export default pipeline({ id: "etl", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("load", { image: "ghcr.io/acme/load:1.0", produces: [sales, fx] });
});\n`,
  "pipelines/report.pipeline.ts": `import { all, onAssets, pipeline } from "airflow-ts";
import { fx, sales } from "./lake";
export default pipeline({ id: "report", schedule: onAssets(all(sales, fx)), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("render", { image: "ghcr.io/acme/report:1.0" });
});\n`,
};

async function run(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("airflow-ts graph --all: the pipelines and the assets between them", () => {
  const root = tempProject(files);

  it("has a box per asset, an edge from the producer to it and from it to the consumer", async () => {
    const { code, out } = await run(root, "graph", "--all", "--format", "json");
    expect(code).toBe(0);
    const graph = JSON.parse(out).graph;
    expect(graph.nodes.map((n: { id: string }) => n.id)).toEqual(["etl", "report", "asset:s3://lake/fx", "asset:s3://lake/sales"]);
    expect(graph.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual([
      "etl>asset:s3://lake/fx",
      "etl>asset:s3://lake/sales",
      "asset:s3://lake/fx>report",
      "asset:s3://lake/sales>report",
    ]);
  });

  it("draws it as SVG that Chromium renders, producer left of the asset left of the consumer (screenshot in test-artifacts/graph/)", async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const svgFile = path.join(ARTIFACTS, "assets-all.svg");
    expect((await run(root, "graph", "--all", "-o", svgFile)).code).toBe(0);
    const svg = fs.readFileSync(svgFile, "utf8");
    const executablePath = execFileSync(path.join(REPO, "test/plugin/setup-chromium.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 500 } });
      await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
      await page.screenshot({ path: path.join(ARTIFACTS, "assets-all.png") });
      const text = await page.locator("svg").textContent();
      for (const name of ["etl", "report", "sales_daily", "s3://lake/sales", "s3://lake/fx", "on s3://lake/sales & s3://lake/fx"]) expect(text).toContain(name);
      type Rect = { x: number; right: number };
      const boxes = await page.evaluate<Record<string, Rect>>(`(() => Object.fromEntries([...document.querySelectorAll("g.task")].map((g) => {
        const r = g.querySelector("rect:last-of-type").getBBox();
        return [g.getAttribute("data-task-id"), { x: r.x, right: r.x + r.width }];
      })))()`);
      expect(boxes["asset:s3://lake/sales"]!.x).toBeGreaterThan(boxes["etl"]!.right);
      expect(boxes["report"]!.x).toBeGreaterThan(boxes["asset:s3://lake/sales"]!.right);
      expect(await page.locator("path.edge").count()).toBe(4);
    } finally {
      await browser.close();
    }
  });
});
