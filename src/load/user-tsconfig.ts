import * as path from "node:path";
import type { ts } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import { error, type Diagnostic } from "../diagnostics/diagnostic";

/** The TypeScript settings pipelines are checked and loaded with: the user's, or the documented defaults. */
export interface UserTsConfig {
  /** The tsconfig.json they come from; absent when the project has none. */
  readonly file?: string;
  readonly options: ts.CompilerOptions;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Used when no tsconfig.json is found: strict, and Node's own module rules (`nodenext`: a package.json with
 * `"type": "module"` makes the files ES modules, whose relative imports name the `.js` file; otherwise
 * CommonJS, where `./lib/helper` works too). Documented in docs/typescript.md.
 */
export function defaultCompilerOptions(): ts.CompilerOptions {
  const { ts } = tsMorph();
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2024.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    esModuleInterop: true,
    skipLibCheck: true,
  };
}

/** Options that make tsc write files; compile only reads, so they are dropped (noEmit is set instead). */
const EMIT_ONLY = ["composite", "incremental", "tsBuildInfoFile", "declaration", "declarationMap", "emitDeclarationOnly", "outFile", "sourceMap", "inlineSourceMap"] as const;

/**
 * The tsconfig.json that governs the project: the nearest one at or above the folder of the config file, as
 * the editor finds it for the files in that folder. Its `compilerOptions` (with `extends` followed) are used
 * as they are, so compile resolves imports (nodenext `.js` specifiers, CommonJS, `paths`, `baseUrl`,
 * `allowImportingTsExtensions`) and reports type errors exactly as `tsc` does. Its file list (`include`,
 * `files`) is not: compile checks the config, the pipelines, and what they import.
 */
export function loadUserTsConfig(projectRoot: string): UserTsConfig {
  const { ts } = tsMorph();
  const file = ts.findConfigFile(projectRoot, ts.sys.fileExists, "tsconfig.json");
  if (!file) return { options: { ...defaultCompilerOptions(), noEmit: true }, diagnostics: [] };
  const problems: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problems.push(d),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(file, { noEmit: true }, host);
  // A tsconfig whose include matches nothing is fine here: compile names its own root files.
  const relevant = [...problems, ...(parsed?.errors ?? [])].filter((d) => d.code !== 18003);
  const options: ts.CompilerOptions = { ...(parsed?.options ?? defaultCompilerOptions()), noEmit: true };
  for (const key of EMIT_ONLY) delete options[key];
  return { file: path.resolve(file), options, diagnostics: relevant.map((d) => tsconfigDiagnostic(d, file)) };
}

function tsconfigDiagnostic(d: ts.Diagnostic, file: string): Diagnostic {
  const { ts } = tsMorph();
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
  return error(`TS${d.code}`, message, {
    location: { file: path.resolve(d.file?.fileName ?? file), line: at.line + 1, column: at.character + 1 },
    hint: "fix tsconfig.json: compile uses its compilerOptions, as tsc and the editor do",
  });
}
