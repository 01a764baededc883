import * as path from "node:path";
import type { ts } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { UserTsConfig } from "./user-tsconfig";

/**
 * The authoring API, which `import "airflow-ts"` resolves to in pipeline modules (as at run time): this copy's
 * sources when it runs from them, its declarations when it runs built (dist/).
 */
export const PUBLIC_API_ENTRY = path.resolve(__dirname, "..", "tasks", __filename.endsWith(".ts") ? "authoring.ts" : "authoring.d.ts");

export interface TypeCheckResult {
  readonly diagnostics: Diagnostic[];
  /** Every file the program read (pipelines, helpers, declaration files), absolute; not the in-memory lib files. */
  readonly files: readonly string[];
}

/**
 * Type-checks every pipeline file and what it imports as one program (one checker, shared lib and helper
 * files), with the user's compiler options: the same program `tsc` builds, so what the editor and `tsc`
 * accept, compile accepts. `import "airflow-ts"` is mapped to the copy that runs the compile.
 */
export function typeCheck(files: readonly string[], tsconfig: UserTsConfig): TypeCheckResult {
  const { ts } = tsMorph();
  const { libFolderInMemoryPath } = tsMorphCommon();
  const options: ts.CompilerOptions = {
    ...tsconfig.options,
    paths: { ...tsconfig.options.paths, "airflow-ts": [PUBLIC_API_ENTRY] },
  };
  const program = ts.createProgram({ rootNames: [...files], options, host: compilerHost(options) });

  // Our own files are checked by our own test suite, under our own settings; report only the user's files.
  const ours = path.resolve(__dirname, "..") + path.sep;
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !path.resolve(d.file.fileName).startsWith(ours))
    .map((d): Diagnostic => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      const extra: Partial<Diagnostic> = {};
      if (d.file && d.start !== undefined) {
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        Object.assign(extra, { location: { file: path.resolve(d.file.fileName), line: line + 1, column: character + 1 } });
      }
      return error(`TS${d.code}`, message, { ...extra, hint: "fix the type error; nothing is compiled until the program type-checks" });
    });
  return {
    diagnostics,
    files: program
      .getSourceFiles()
      .map((f) => f.fileName)
      .filter((f) => !f.startsWith(libFolderInMemoryPath))
      .map((f) => path.resolve(f)),
  };
}

/**
 * The file system as tsc sees it, plus TypeScript's lib files (`lib.es2024.d.ts`, ...), which the TypeScript
 * bundled with ts-morph keeps in memory rather than on disk. Parsed lib files are kept between runs.
 */
function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const { ts } = tsMorph();
  const { libFolderInMemoryPath } = tsMorphCommon();
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.getDefaultLibLocation = () => libFolderInMemoryPath;
  host.getDefaultLibFileName = (o) => path.posix.join(libFolderInMemoryPath, ts.getDefaultLibFileName(o));
  host.fileExists = (file) => libTexts().has(file) || fileExists.call(host, file);
  host.readFile = (file) => libTexts().get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, languageVersion, ...rest) => {
    const text = libTexts().get(file);
    if (text === undefined) return getSourceFile.call(host, file, languageVersion, ...rest);
    const key = `${file}\0${JSON.stringify(languageVersion)}`;
    let parsed = parsedLibs.get(key);
    if (!parsed) parsedLibs.set(key, (parsed = ts.createSourceFile(file, text, languageVersion)));
    return parsed;
  };
  return host;
}

let libs: Map<string, string> | undefined;
const parsedLibs = new Map<string, ts.SourceFile>();

function libTexts(): Map<string, string> {
  const { getLibFiles, libFolderInMemoryPath } = tsMorphCommon();
  libs ??= new Map(getLibFiles().map((f) => [path.posix.join(libFolderInMemoryPath, f.fileName), f.text]));
  return libs;
}

/** ts-morph's own helpers (TypeScript's lib files, kept in memory): loaded with ts-morph, on first use. */
function tsMorphCommon(): typeof import("@ts-morph/common") {
  tsMorph();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as ts-morph-lazy.ts explains
  return require("@ts-morph/common") as typeof import("@ts-morph/common");
}
