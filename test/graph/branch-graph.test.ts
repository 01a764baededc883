import { describe, expect, it } from "vitest";
import { pipelineGraph } from "../../src/graph/graph-model";
import { layoutGraph } from "../../src/graph/layout";
import { graphSvg } from "../../src/graph/svg";
import { graphDot, graphMermaid } from "../../src/graph/text-formats";
import { compileIn, pipelineModule, tempProject } from "../helpers/temp-project";

const SOURCE = pipelineModule(
  `const check = p.pod("check", { image: "x:1", result: z.object({ tier: z.enum(["gold", "silver", "bronze"]) }) });
  const full = p.pod("full", { image: "x:1" });
  const sample = p.pod("sample", { image: "x:1" });
  p.switch(check.result.tier, { gold: [full], silver: [sample], bronze: [sample] }, { id: "by_tier" });`,
).replace(`import { configMap,`, `import { z, configMap,`);

describe("the graph of a branch", () => {
  const { pipelines } = compileIn(tempProject({ "pipelines/demo.pipeline.ts": SOURCE }), "check");
  const graph = pipelineGraph(pipelines[0]!);

  it("marks the branch, says what it decides on, and labels each edge out of it with its cases", () => {
    expect(graph.nodes.find((n) => n.id === "by_tier")).toMatchObject({ branch: true, details: ["switch check.tier", "gold → full; silver → sample; bronze → sample"] });
    expect(graph.nodes.filter((n) => n.branch).map((n) => n.id)).toEqual(["by_tier"]);
    expect(graph.edges).toEqual([
      { from: "check", to: "by_tier" },
      { from: "by_tier", to: "full", label: "gold" },
      { from: "by_tier", to: "sample", label: "silver/bronze" },
    ]);
  });

  it("draws it as a hexagon with labelled edges in Mermaid, DOT and SVG", async () => {
    expect(graphMermaid(graph)).toMatch(/n1\{\{"<b>by_tier<\/b>/);
    expect(graphMermaid(graph)).toContain(`n1 -->|"silver/bronze"| n3`);
    expect(graphDot(graph)).toMatch(/n1 \[label="by_tier\\nswitch check.tier[^"]*", shape=hexagon\];/);
    expect(graphDot(graph)).toContain(`n1 -> n2 [label="gold"];`);
    const svg = graphSvg(layoutGraph(graph));
    expect(svg).toMatch(/<g class="task branch" data-task-id="by_tier"><polygon points="[^"]+"/);
    expect([...svg.matchAll(/<text class="edge-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(["gold", "silver/bronze"]);
  });
});
