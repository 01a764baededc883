import { structuredStack, type SourceLocation } from "../dsl/call-site";
import { isPipelineInput } from "../dsl/pipeline";
import type { PipelineInput } from "../tasks";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { TypeScriptRuntime } from "./ts-runtime";

/** A pipeline as a module exported it, with its positions mapped back to the TypeScript. */
export interface LoadedPipeline {
  readonly file: string;
  readonly input: PipelineInput;
}

/**
 * Runs each pipeline module and collects its default export: a pipeline, or an array of them.
 * A module that throws or exports something else becomes a diagnostic; the others still load.
 */
export function runPipelines(files: readonly string[], runtime: TypeScriptRuntime): { pipelines: LoadedPipeline[]; diagnostics: Diagnostic[] } {
  const pipelines: LoadedPipeline[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    let exports: Record<string, unknown>;
    try {
      exports = runtime.require(file) as Record<string, unknown>;
    } catch (thrown) {
      diagnostics.push(threwDiagnostic(file, thrown, runtime));
      continue;
    }
    const exported = exports.default;
    const candidates = Array.isArray(exported) ? exported : [exported];
    const at = { location: { file, line: 1, column: 1 } };
    if (exported === undefined) {
      diagnostics.push(
        error("no-pipeline-export", "the module has no default export", {
          ...at,
          hint: "end the file with `export default pipeline({ ... }, (p) => { ... })`",
        }),
      );
      continue;
    }
    candidates.forEach((candidate, index) => {
      // Built by `pipeline()`, whose builder records only registered kinds.
      if (isPipelineInput(candidate)) pipelines.push({ file, input: mapLocations(candidate as PipelineInput, runtime) });
      else
        diagnostics.push(
          error("not-a-pipeline", `the default export${Array.isArray(exported) ? `[${index}]` : ""} is ${describe(candidate)}, not a pipeline`, {
            ...at,
            hint: "export the value returned by pipeline(...) (or an array of them)",
          }),
        );
    });
  }
  return { pipelines, diagnostics };
}

function threwDiagnostic(file: string, thrown: unknown, runtime: TypeScriptRuntime): Diagnostic {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const location = thrown instanceof Error ? throwSite(thrown, runtime) : undefined;
  return error("pipeline-threw", `loading the pipeline module threw: ${message}`, {
    location: location ?? { file, line: 1, column: 1 },
    hint: "a pipeline module runs at compile time: it must build its pipeline without throwing",
  });
}

/** The first frame of the throw inside user TypeScript, mapped to its source position. */
function throwSite(thrown: Error, runtime: TypeScriptRuntime): SourceLocation | undefined {
  const isUserFile = (file: string) => /\.[cm]?ts$/.test(file) && !file.includes("/node_modules/");
  for (const frame of structuredStack(thrown)) {
    const file = frame.getFileName();
    if (file && isUserFile(file)) return runtime.toSource({ file, line: frame.getLineNumber() ?? 1, column: frame.getColumnNumber() ?? 1 });
  }
  // The stack was already formatted (someone read it): fall back to its text.
  for (const match of (thrown.stack ?? "").matchAll(/\(?([^\s()]+\.[cm]?ts):(\d+):(\d+)\)?/g)) {
    const [, file, line, column] = match;
    if (file && isUserFile(file)) return runtime.toSource({ file, line: Number(line), column: Number(column) });
  }
  return undefined;
}

function mapLocations(input: PipelineInput, runtime: TypeScriptRuntime): PipelineInput {
  const map = <T extends { location?: SourceLocation }>(item: T): T =>
    item.location ? { ...item, location: runtime.toSource(item.location) } : item;
  return { ...map(input), tasks: input.tasks.map(map), groups: (input.groups ?? []).map(map), dependencies: input.dependencies.map(map) };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
