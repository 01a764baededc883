import * as path from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { error, type Diagnostic } from "../diagnostics/diagnostic";

/** The authoring API, which `import "airflow-ts"` resolves to in pipeline modules (as at run time). */
export const PUBLIC_API_ENTRY = path.resolve(__dirname, "..", "dsl", "index.ts");

export interface TypeCheckResult {
  readonly diagnostics: Diagnostic[];
  /** Parsed sources of the program, reused to point diagnostics at the exact field a user wrote. */
  readonly sourceFile: (file: string) => SourceFile | undefined;
}

/**
 * Type-checks every pipeline file and what it imports as one program (one checker, shared lib and
 * helper files), with strict settings regardless of the user's tsconfig.
 */
export function typeCheck(files: readonly string[]): TypeCheckResult {
  const project = new Project({
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2024.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      esModuleInterop: true,
      paths: { "airflow-ts": [PUBLIC_API_ENTRY] },
    },
  });
  for (const file of files) project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();

  // Our own sources are checked by our own test suite, under our own settings; report only the user's files.
  const ours = path.resolve(__dirname, "..") + path.sep;
  const diagnostics = project
    .getPreEmitDiagnostics()
    .filter((d) => !d.getSourceFile()?.getFilePath().startsWith(ours))
    .map((d): Diagnostic => {
    const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n");
    const source = d.getSourceFile();
    const start = d.getStart();
    const extra: Partial<Diagnostic> = {};
    if (source && start !== undefined) {
      const { line, column } = source.getLineAndColumnAtPos(start);
      Object.assign(extra, { location: { file: source.getFilePath(), line, column } });
    }
    return error(`TS${d.getCode()}`, message, { ...extra, hint: "fix the type error; nothing is compiled until the program type-checks" });
  });
  return { diagnostics, sourceFile: (file) => project.getSourceFile(file) };
}
