"use strict";
// One cold compile in this process (load through the CLI's hook, so module loading is counted), as JSON.
const started = performance.now();
const fs = require("node:fs");
const path = require("node:path");
const { ts } = require("ts-morph");
require.extensions[".ts"] = function (module, file) {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, file);
};
const { compileProject } = require("../../src/compile-project.ts");
const result = compileProject({ configFile: process.argv[2], mode: "write" });
const errors = result.diagnostics.filter((d) => d.severity === "error");
if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
process.stdout.write(JSON.stringify({
  ms: Math.round(performance.now() - started),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  files: result.files.length,
}));
