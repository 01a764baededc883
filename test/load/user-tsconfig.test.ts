import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile-project";
import { loadUserTsConfig } from "../../src/load/user-tsconfig";
import { tempProject } from "../helpers/temp-project";

/**
 * compile resolves and type-checks modules as the project's own tsconfig.json says, so what `tsc` and the
 * editor accept, compile accepts, and what they refuse, compile refuses.
 */
const STRICTEST = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true, // false is proven by test/package (the packed package in a strict repository); here it only slows the check
  noEmit: true,
  target: "ES2022",
  lib: ["ES2024"],
  types: [],
};

const HELPER = `export const image = (name: string): string => \`ghcr.io/acme/\${name}:1.0\`;\n`;

function pipelineImporting(specifier: string, id = "a"): string {
  return `import { cron, pipeline } from "airflow-ts";
import { image } from "${specifier}";
export default pipeline({ id: "${id}", schedule: cron("0 1 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("x", { image: image("x") });
});
`;
}

/** A project in the repository (git-ignored), so that npm packages resolve from its node_modules. */
function project(files: Record<string, string>): string {
  return tempProject(
    { "airflow-ts.config.ts": `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: ["pipelines/*.pipeline.ts"], outDir: "out" });\n`, ...files },
    path.resolve(__dirname, "..", "..", "test-artifacts"),
  );
}

function compile(root: string) {
  return compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
}

const esm = (compilerOptions: object) => ({
  "package.json": JSON.stringify({ type: "module" }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", ...STRICTEST, ...compilerOptions } }),
  "lib/images.ts": HELPER,
});

describe("the user's tsconfig.json", () => {
  it("ESM under nodenext: a helper imported as ./lib/images.js is the .ts file, for the type check and at run time", () => {
    const root = project({ ...esm({}), "pipelines/a.pipeline.ts": pipelineImporting("../lib/images.js") });
    const result = compile(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.pipelines[0]?.tasks[0]?.image).toBe("ghcr.io/acme/x:1.0");
  });

  it("ESM under nodenext: an extensionless import fails as it fails tsc (TS2835), at its line", () => {
    const root = project({ ...esm({}), "pipelines/a.pipeline.ts": pipelineImporting("../lib/images") });
    const result = compile(root);
    expect(result.diagnostics).toMatchObject([{ code: "TS2835", location: { file: path.join(root, "pipelines/a.pipeline.ts"), line: 2 } }]);
    expect(fs.existsSync(path.join(root, "out"))).toBe(false);
  });

  it("paths aliases resolve as tsc resolves them", () => {
    const root = project({ ...esm({ paths: { "#lib/*": ["./lib/*"] } }), "pipelines/a.pipeline.ts": pipelineImporting("#lib/images.js") });
    const result = compile(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.pipelines[0]?.tasks[0]?.image).toBe("ghcr.io/acme/x:1.0");
  });

  it(".ts specifiers work where allowImportingTsExtensions allows them, and fail where it does not (TS5097)", () => {
    const allowed = project({ ...esm({ allowImportingTsExtensions: true }), "pipelines/a.pipeline.ts": pipelineImporting("../lib/images.ts") });
    expect(compile(allowed).diagnostics).toEqual([]);
    const refused = project({ ...esm({}), "pipelines/a.pipeline.ts": pipelineImporting("../lib/images.ts") });
    expect(compile(refused).diagnostics).toMatchObject([{ code: "TS5097" }]);
  });

  it("CommonJS: extensionless relative imports, with baseUrl-free paths", () => {
    const root = project({
      "package.json": JSON.stringify({ type: "commonjs" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", ...STRICTEST, verbatimModuleSyntax: false, paths: { "@lib/*": ["./lib/*"] } } }),
      "lib/images.ts": HELPER,
      "pipelines/a.pipeline.ts": pipelineImporting("../lib/images"),
      "pipelines/b.pipeline.ts": pipelineImporting("@lib/images", "b"),
    });
    const result = compile(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.pipelines.map((p) => p.tasks[0]?.image)).toEqual(["ghcr.io/acme/x:1.0", "ghcr.io/acme/x:1.0"]);
  });

  it("its strict options apply to the user's files (exactOptionalPropertyTypes), never to airflow-ts's", () => {
    const root = project({
      ...esm({}),
      "lib/retry.ts": `export interface Retry { retries?: number }\nexport const none: Retry = { retries: undefined };\n`,
      "pipelines/a.pipeline.ts": pipelineImporting("../lib/images.js"),
      "pipelines/b.pipeline.ts": `import "../lib/retry.js";\n${pipelineImporting("../lib/images.js", "b")}`,
    });
    const diagnostics = compile(root).diagnostics;
    expect(diagnostics).toMatchObject([{ code: "TS2375", location: { file: path.join(root, "lib/retry.ts"), line: 2 } }]);
  });

  it("an invalid tsconfig.json is reported at its line, and nothing is written", () => {
    const root = project({
      "tsconfig.json": `{\n  "compilerOptions": {\n    "module": "nodenext",\n    "strictt": true\n  }\n}\n`,
      "lib/images.ts": HELPER,
      "pipelines/a.pipeline.ts": pipelineImporting("../lib/images"),
    });
    const result = compile(root);
    expect(result.diagnostics).toMatchObject([{ code: "TS5025", location: { file: path.join(root, "tsconfig.json"), line: 4 } }]);
    expect(fs.existsSync(path.join(root, "out"))).toBe(false);
  });
});

describe("the remembered tsconfig parse", () => {
  it("is used while the tsconfig and what it extends are unchanged, and parsed again after an edit to either", () => {
    const root = tempProject({
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, module: "nodenext", moduleResolution: "nodenext", target: "ES2022" } }),
      "tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { noEmit: true } }),
    });
    const memo = path.join(root, "node_modules", ".cache", "airflow-ts", "tsconfig-parsed.json");
    const first = loadUserTsConfig(root, memo);
    expect(first.extends).toEqual([path.join(root, "tsconfig.base.json")]);
    expect(first.options.strict).toBe(true);
    // The control: a poisoned memo with nothing changed IS used.
    const poisoned = JSON.parse(fs.readFileSync(memo, "utf8")) as { parsed: { options: Record<string, unknown> } };
    poisoned.parsed.options.strict = "POISON";
    fs.writeFileSync(memo, JSON.stringify(poisoned));
    expect(loadUserTsConfig(root, memo).options.strict).toBe("POISON");
    // An edit to the file it extends is seen.
    fs.writeFileSync(path.join(root, "tsconfig.base.json"), JSON.stringify({ compilerOptions: { strict: false, skipLibCheck: true, module: "nodenext", moduleResolution: "nodenext", target: "ES2022" } }));
    const edited = loadUserTsConfig(root, memo);
    expect(edited.options.strict).toBe(false);
    expect(edited).toEqual(loadUserTsConfig(root));
    // A tsconfig with a problem is never remembered: its diagnostics come back each time.
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ extends: "./missing.json" }));
    expect(loadUserTsConfig(root, memo).diagnostics.length).toBeGreaterThan(0);
    expect(loadUserTsConfig(root, memo).diagnostics.length).toBeGreaterThan(0);
  });
});
