import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import type { ts } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import type * as Esbuild from "esbuild";
import type { SourceLocation } from "../diagnostics/source-location";
import { createPositionMapper, type PositionMapper } from "./source-map";
import type { ResolvedImport } from "./input-fingerprint";

/** What a run of user TypeScript leaves behind: a way to map V8 positions back to the `.ts` source. */
export interface TypeScriptRuntime {
  /** Require a `.ts` module (and, through it, the modules it imports). */
  require(file: string): unknown;
  /** Map a position V8 reported in a transpiled file to the TypeScript line and column. */
  toSource(location: SourceLocation): SourceLocation;
  /** What `file`'s result depends on, for the per-pipeline cache (see ImportsOf). */
  importsOf(file: string): ImportsOf;
  /** Undo the hooks and forget the loaded modules, so the next run reads fresh files. */
  dispose(): void;
}

export interface ImportsOf {
  /**
   * The files `file` imported while it ran, directly or through other local files (itself first, sorted after).
   * Files in node_modules are listed but not followed.
   */
  readonly closure: string[];
  /** The imports of the closure's local files, as they resolved: where they could resolve elsewhere. */
  readonly resolved: ResolvedImport[];
}

type ModuleInternals = typeof Module & {
  _extensions: Record<string, (module: NodeModule & { _compile(code: string, file: string): void }, file: string) => void>;
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
};

const internals = Module as ModuleInternals;
const EXTENSIONS = [".ts", ".mts", ".cts"];

/**
 * Lets Node `require` TypeScript, with no build step of the user's own: each file is transpiled on load by esbuild
 * (types were already checked by the one-program type check, so only the types need stripping) and `import "airflow-ts"` resolves to `aliases`.
 * An import in a TypeScript file resolves as TypeScript resolves it under `compilerOptions` (the user's
 * tsconfig): `./lib/images.js` to `./lib/images.ts` under nodenext, `paths` aliases, `.ts` specifiers, so the
 * modules that run are the ones that were type-checked. What TypeScript resolves to a declaration file (an
 * npm package) Node resolves as usual. The hooks are scoped to this runtime; `dispose()` removes them.
 */
export function startTypeScriptRuntime(aliases: Readonly<Record<string, unknown>>, compilerOptions: ts.CompilerOptions = {}): TypeScriptRuntime {
  // Source maps are decoded only for the files a position is asked of (every file with a pipeline, but not helpers).
  // Each transpiled file is in one of the two: its map's text until a position is asked of it, then its mapper.
  const sourceMaps = new Map<string, string>();
  const mappers = new Map<string, PositionMapper>();
  const esbuild = loadEsbuild();
  const previousHandlers = new Map(EXTENSIONS.map((ext) => [ext, internals._extensions[ext]]));
  const previousLoad = internals._load;
  const previousResolve = internals._resolveFilename;
  // TypeScript is loaded for the first import to resolve (a third of a second): the config and pipelines that
  // import only airflow-ts (an alias) never need it.
  let resolution: { ts: typeof import("ts-morph").ts; cache: ts.ModuleResolutionCache } | undefined;
  // Loading TypeScript is itself a require, which passes through the hook below; from airflow-ts's own sources
  // run as TypeScript (this repository's dev CLI), it would ask for TypeScript again, without end.
  let loadingTypeScript = false;
  const resolver = () => {
    if (resolution) return resolution;
    loadingTypeScript = true;
    try {
      const { ts } = tsMorph();
      return (resolution = { ts, cache: ts.createModuleResolutionCache(process.cwd(), (f) => f, compilerOptions) });
    } finally {
      loadingTypeScript = false;
    }
  };
  // Who imported what: each module's requests (recorded on every require), and what a request resolved to from a
  // folder. Node resolves a request once per folder (its relative resolve cache is keyed by the parent's folder and
  // the request), so a second pipeline beside the first that imports the same helper is never seen resolving it.
  const requests = new Map<string, Set<string>>();
  const resolvedFrom = new Map<string, string>();
  const record = (from: string | null | undefined, request: string, resolved: string) => {
    if (from && path.isAbsolute(resolved)) resolvedFrom.set(`${path.dirname(from)}\0${request}`, resolved);
    return resolved;
  };
  const resolvedImportsOf = (file: string): ResolvedImport[] =>
    [...(requests.get(file) ?? [])].flatMap((specifier) => {
      const to = resolvedFrom.get(`${path.dirname(file)}\0${specifier}`);
      return to === undefined ? [] : [{ from: file, specifier, to }];
    });
  // One walk gives both: the closure, and the resolved imports of its local files met on the way.
  const importsOf = (file: string): ImportsOf => {
    const seen = new Set<string>([file]);
    const resolved: ResolvedImport[] = [];
    const visit = (from: string) => {
      if (isInNodeModules(from)) return;
      for (const found of resolvedImportsOf(from)) {
        resolved.push(found);
        if (seen.has(found.to)) continue;
        seen.add(found.to);
        visit(found.to);
      }
    };
    visit(file);
    return { closure: [file, ...[...seen].filter((f) => f !== file).sort()], resolved };
  };

  for (const ext of EXTENSIONS) {
    internals._extensions[ext] = (module, file) => {
      const source = fs.readFileSync(file, "utf8");
      // esbuild rather than ts.transpileModule: the same output for what a pipeline module may hold (ES2022,
      // CommonJS, default imports interoperating as under esModuleInterop), 10-15 times faster; ts.transpileModule
      // (a program and a printer per file) was a fifth of a 1,000-pipeline compile.
      const output = esbuild.transformSync(source, { loader: "ts", format: "cjs", target: "es2022", sourcemap: "external", sourcefile: file });
      sourceMaps.set(file, output.map);
      module._compile(output.code, file);
    };
  }
  internals._load = function (request, parent, isMain) {
    if (Object.prototype.hasOwnProperty.call(aliases, request)) return aliases[request];
    const from = (parent as { filename?: string } | undefined)?.filename;
    if (from) {
      let set = requests.get(from);
      if (!set) requests.set(from, (set = new Set()));
      set.add(request);
    }
    return previousLoad.call(this, request, parent, isMain);
  };
  internals._resolveFilename = function (request, parent, ...rest) {
    const from = parent?.filename;
    if (from && isTypeScriptSource(from) && !request.startsWith("node:") && !loadingTypeScript) {
      const { ts, cache } = resolver();
      const mode = ts.getImpliedNodeFormatForFile(from, cache.getPackageJsonInfoCache(), ts.sys, compilerOptions);
      const resolved = ts.resolveModuleName(request, from, compilerOptions, ts.sys, cache, undefined, mode).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && isTypeScriptSource(resolved.resolvedFileName)) return record(from, request, resolved.resolvedFileName);
    }
    return record(from, request, previousResolve.call(this, request, parent, ...rest));
  };

  const requireFrom = Module.createRequire(__filename);
  return {
    require: (file) => requireFrom(file),
    toSource(location) {
      let mapper = mappers.get(location.file);
      const map = mapper ? undefined : sourceMaps.get(location.file);
      if (map !== undefined) {
        mappers.set(location.file, (mapper = createPositionMapper(map)));
        sourceMaps.delete(location.file); // the mapper holds all it needs, in a fraction of the map's text
      }
      return mapper ? { file: location.file, ...mapper.original(location.line, location.column) } : location;
    },
    importsOf,
    dispose() {
      for (const [ext, handler] of previousHandlers) {
        if (handler) internals._extensions[ext] = handler;
        else delete internals._extensions[ext];
      }
      internals._load = previousLoad;
      internals._resolveFilename = previousResolve;
      for (const file of [...sourceMaps.keys(), ...mappers.keys()]) delete requireFrom.cache[file];
    },
  };
}

function isInNodeModules(file: string): boolean {
  return file.split(path.sep).includes("node_modules");
}

/** A TypeScript module of the user's (not a declaration file). */
function isTypeScriptSource(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file) && !/\.d\.[^.]+\.ts$/.test(file);
}

/** esbuild, loaded with the first TypeScript runtime: a compile answered from the cache never needs it. */
function loadEsbuild(): typeof Esbuild {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as ts-morph-lazy.ts explains
  return require("esbuild") as typeof Esbuild;
}
