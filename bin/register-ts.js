"use strict";
// Lets Node require airflow-ts's own TypeScript sources, transpiled in memory as they load: no build step and
// no stale dist/. Types are checked by `npm run typecheck` (part of `npm test`), not here. User pipelines are
// loaded by src/load/ts-runtime.ts, which installs its own scoped hook.
const fs = require("node:fs");
const path = require("node:path");
const { ts } = require("ts-morph");

const srcDir = path.resolve(__dirname, "..", "src") + path.sep;
const previous = require.extensions[".ts"];
require.extensions[".ts"] = function (module, file) {
  if (!file.startsWith(srcDir)) return previous ? previous(module, file) : module._compile(fs.readFileSync(file, "utf8"), file);
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, file);
};
