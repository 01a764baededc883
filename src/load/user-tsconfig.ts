import * as fs from "node:fs";
import * as path from "node:path";
import type { ts } from "ts-morph";
import { fileHash, nearestTsconfig } from "./input-fingerprint";
import { writeAtomically } from "./atomic-file";
import { tsMorph } from "./ts-morph-lazy";
import { error, type Diagnostic } from "../diagnostics/diagnostic";

/** The TypeScript settings pipelines are checked and loaded with: the user's, or the documented defaults. */
export interface UserTsConfig {
  /** The tsconfig.json they come from; absent when the project has none. */
  readonly file?: string;
  readonly options: ts.CompilerOptions;
  readonly diagnostics: readonly Diagnostic[];
  /** The files its `extends` pulled in, absolute. */
  readonly extends: readonly string[];
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
export function loadUserTsConfig(projectRoot: string, rememberIn?: string): UserTsConfig {
  // Found as ts.findConfigFile finds it, without loading TypeScript: a remembered parse needs none.
  const file = nearestTsconfig(projectRoot);
  const remembered = rememberIn !== undefined ? recall(rememberIn, file ?? null) : undefined;
  if (remembered) return remembered;
  const parsed = parseUserTsConfig(file);
  if (rememberIn !== undefined && parsed.diagnostics.length === 0) remember(rememberIn, parsed);
  return parsed;
}

function parseUserTsConfig(file: string | undefined): UserTsConfig {
  const { ts } = tsMorph();
  if (!file) return { options: { ...defaultCompilerOptions(), noEmit: true }, diagnostics: [], extends: [] };
  const problems: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => problems.push(d),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(file, { noEmit: true }, host);
  // A tsconfig whose include matches nothing is fine here: compile names its own root files.
  const relevant = [...problems, ...(parsed?.errors ?? [])].filter((d) => d.code !== 18003);
  // Its source tree (`configFile`) is left out: the options are plain data, which a thread and a file can carry.
  const { configFile, ...rest } = parsed?.options ?? defaultCompilerOptions();
  const options: ts.CompilerOptions = { ...rest, noEmit: true };
  for (const key of EMIT_ONLY) delete options[key];
  const extended = (configFile as { extendedSourceFiles?: string[] } | undefined)?.extendedSourceFiles ?? [];
  return { file: path.resolve(file), options, diagnostics: relevant.map((d) => tsconfigDiagnostic(d, file)), extends: extended.map((f) => path.resolve(f)) };
}

/**
 * A parse remembered in a file (the compile cache's folder), used while the tsconfig and what it extends have the
 * same bytes, for the same TypeScript: loading TypeScript to parse it again is a third of a second of every compile.
 */
interface Remembered {
  readonly format: 1;
  readonly typescript: string;
  readonly tsconfig: string | null;
  readonly hashes: readonly (readonly [string, string])[];
  readonly parsed: UserTsConfig;
}

function recall(memo: string, tsconfig: string | null): UserTsConfig | undefined {
  try {
    const known = JSON.parse(fs.readFileSync(memo, "utf8")) as Remembered;
    const fresh = known.format === 1 && known.typescript === typescriptVersion() && known.tsconfig === tsconfig && known.hashes.every(([f, hash]) => fileHash(f) === hash);
    return fresh ? known.parsed : undefined;
  } catch {
    return undefined;
  }
}

function remember(memo: string, parsed: UserTsConfig): void {
  const files = parsed.file ? [parsed.file, ...parsed.extends] : [];
  const known: Remembered = { format: 1, typescript: typescriptVersion(), tsconfig: parsed.file ?? null, hashes: files.map((f) => [f, fileHash(f)]), parsed };
  writeAtomically(memo, JSON.stringify(known));
}

/** The version of the TypeScript that parses (the one ts-morph bundles), read from its package without loading it. */
function typescriptVersion(): string {
  const main = require.resolve("@ts-morph/common");
  return (JSON.parse(fs.readFileSync(path.join(path.dirname(main), "..", "package.json"), "utf8")) as { version: string }).version;
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
