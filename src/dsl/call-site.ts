import * as path from "node:path";
import type { SourceLocation } from "../diagnostics/source-location";

export type { SourceLocation };

/** The DSL, and the task kinds whose builder methods (`p.pod`) call into it: frames there are airflow-ts's own. */
const OWN_DIRS = [__dirname + path.sep, path.join(__dirname, "..", "tasks") + path.sep];

/**
 * Where the user's code called into the DSL: the first stack frame outside `src/dsl/` and `src/tasks/`.
 * Positions are those of the code V8 ran; the loader maps them back to the TypeScript
 * through the source maps it made when it transpiled the file.
 */
export function captureCallSite(): SourceLocation | undefined {
  for (const frame of structuredStack(new Error())) {
    const file = frame.getFileName();
    if (!file || OWN_DIRS.some((dir) => file.startsWith(dir)) || file.startsWith("node:")) continue;
    return { file: toPath(file), line: frame.getLineNumber() ?? 1, column: frame.getColumnNumber() ?? 1 };
  }
  return undefined;
}

/**
 * The part of a V8 call site that is read here. Declared, not taken from `NodeJS.CallSite`, so the published
 * types need no `@types/node` in the user's project.
 */
export interface StackFrame {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

/** The V8 call sites of an error that has not been formatted yet. */
export function structuredStack(error: Error): StackFrame[] {
  const previous = Error.prepareStackTrace;
  let frames: StackFrame[] = [];
  Error.prepareStackTrace = (_err, callSites) => {
    frames = callSites;
    return "";
  };
  try {
    void error.stack;
  } finally {
    Error.prepareStackTrace = previous;
  }
  return frames;
}

function toPath(fileOrUrl: string): string {
  return fileOrUrl.startsWith("file://") ? new URL(fileOrUrl).pathname : fileOrUrl;
}
