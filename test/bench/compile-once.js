"use strict";
// One cold compile in this process (load through the CLI's hook, so module loading is counted), as JSON.
const started = performance.now();
require("../../bin/register-ts");
const { compileProject } = require("../../src/compile-project.ts");
const result = compileProject({ configFile: process.argv[2], mode: "write" });
const errors = result.diagnostics.filter((d) => d.severity === "error");
if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
process.stdout.write(JSON.stringify({
  ms: Math.round(performance.now() - started),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  files: result.files.length,
}));
