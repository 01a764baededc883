import * as fs from "node:fs";
import * as path from "node:path";
import { compileProject } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { closest } from "../diagnostics/did-you-mean";
import { pipelineGraph, projectGraph, type GraphModel } from "../graph/graph-model";
import { layoutGraph, type LaidOutGraph } from "../graph/layout";
import { graphSvg } from "../graph/svg";
import { graphDot, graphMermaid } from "../graph/text-formats";
import { UsageError, type CliIo } from "./args";
import { parseVerbOptions } from "./options";
import { diagnosticsJson, jsonHead, progressReporter, reportDiagnostics } from "./report";

export const GRAPH_USAGE = `Usage: airflow-ts graph <dag_id> [-o file.svg|.mmd|.dot] [options]
       airflow-ts graph --all [-o file.svg|.mmd|.dot] [options]

Draws a pipeline: its tasks with their kind and image, task groups as boxes, mapped tasks as stacks with their
cap, and the edges between tasks, laid out by ELK's layered algorithm. --all draws the project's pipelines (the
pipelines' model has no assets between them yet, so no edges). Writes the SVG to stdout without -o; the format
follows -o's extension: .svg, .mmd (Mermaid, which GitHub renders in Markdown) or .dot (Graphviz).

Options:
  -o, --output <file>    write the picture to this file (.svg, .mmd or .dot)
  --all                  draw every pipeline of the project
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
  --format text|json     text, or one JSON object on stdout: the boxes and edges with their coordinates
  -h, --help             show this help`;

const FORMATS = { ".svg": "svg", ".mmd": "mermaid", ".dot": "dot" } as const;

/** `airflow-ts graph`. */
export async function runGraph(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseVerbOptions(argv, io.cwd, { "--output": { kind: "value", short: "o" }, "--all": "switch" }, 1);
  if (options.help) {
    io.out(GRAPH_USAGE);
    return 0;
  }
  const all = options.switches.has("--all");
  const dagId = options.positionals[0];
  if (all === (dagId !== undefined)) throw new UsageError(all ? "give a DAG id or --all, not both" : "which pipeline? give its DAG id, or --all");
  const output = options.values.get("--output");
  const ext = output === undefined ? ".svg" : path.extname(output).toLowerCase();
  if (!(ext in FORMATS)) throw new UsageError(`-o ${output}: the picture can be written as .svg, .mmd or .dot`);
  const format = FORMATS[ext as keyof typeof FORMATS];

  const result = compileProject({ configFile: options.configFile, mode: "check", onStage: progressReporter(io, options.format) });
  const json = options.format === "json";
  const fail = (error: string, code: number) => {
    if (json) io.out(JSON.stringify({ ...jsonHead("graph", false), error, dagId: dagId ?? null, output: null, graph: null, diagnostics: diagnosticsJson(result, options) }, null, 2));
    else io.err(`graph: ${error}`);
    return code;
  };
  if (hasErrors(result.diagnostics)) {
    if (json) return fail("graph needs pipelines that compile", 1);
    reportDiagnostics(result, options, io);
    return 1;
  }
  let model: GraphModel;
  if (all) model = projectGraph(result.pipelines);
  else {
    const pipeline = result.pipelines.find((p) => p.dagId === dagId);
    if (!pipeline) {
      const near = closest(dagId!, result.pipelines.map((p) => p.dagId));
      return fail(`no pipeline has the DAG id "${dagId}"${near ? `; did you mean "${near}"?` : ""} (airflow-ts ls lists them)`, 2);
    }
    model = pipelineGraph(pipeline);
  }
  const laid = layoutGraph(model);
  const text = format === "svg" ? graphSvg(laid) : format === "mermaid" ? graphMermaid(model) : graphDot(model);
  const target = output === undefined ? undefined : path.resolve(io.cwd, output);
  if (target) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  if (json) {
    io.out(JSON.stringify({ ...jsonHead("graph", true), error: null, dagId: dagId ?? null, output: output ?? null, format, graph: graphJson(laid), diagnostics: diagnosticsJson(result, options) }, null, 2));
  } else if (target) io.out(`wrote ${path.relative(io.cwd, target).split(path.sep).join("/")}`);
  else io.out(text.trimEnd());
  return 0;
}

function graphJson(g: LaidOutGraph) {
  const box = (b: { x: number; y: number; width: number; height: number }) => ({ x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });
  return {
    title: g.model.title,
    width: Math.ceil(g.width),
    height: Math.ceil(g.height),
    nodes: g.model.nodes.map((n) => ({ id: n.id, title: n.title, details: n.details, group: n.group ?? null, mapped: n.mapped, ...box(g.nodes.get(n.id)!) })),
    groups: g.model.groups.map((x) => ({ id: x.id, label: x.label, parent: x.parent ?? null, ...box(g.groups.get(x.id)!) })),
    edges: g.edges.map((e) => ({ from: e.from, to: e.to, points: e.points.map((p) => [Math.round(p.x), Math.round(p.y)]) })),
  };
}
