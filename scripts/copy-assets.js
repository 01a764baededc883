"use strict";
// Part of `npm run build`: the files the compiled code reads from disk next to itself, which tsc does not copy.
// (dag-templates/ is read from the package root, from src/ and dist/ alike, and ships as it is.)
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
for (const rel of ["validate/chart/values.schema.json", "validate/chart/values.yaml", "validate/chart/SOURCE.md"]) {
  fs.mkdirSync(path.dirname(path.join(root, "dist", rel)), { recursive: true });
  fs.copyFileSync(path.join(root, "src", rel), path.join(root, "dist", rel));
}
