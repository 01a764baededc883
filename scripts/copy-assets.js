"use strict";
// Part of `npm run build`: the files the compiled code reads from disk next to itself, which tsc does not copy.
// (dag-templates/ is read from the package root, from src/ and dist/ alike, and ships as it is.)
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
// The Spark kind's CRD schema ships as JSON (its YAML is 800 kB of descriptions and stays in src/).
const assets = [
  "validate/chart/values.schema.json",
  "validate/chart/values.yaml",
  "validate/chart/SOURCE.md",
  "tasks/spark/crd/sparkapplication.schema.json",
  "tasks/spark/crd/SOURCE.md",
  "tasks/spark/crd/LICENSE",
];
for (const rel of assets) {
  fs.mkdirSync(path.dirname(path.join(root, "dist", rel)), { recursive: true });
  fs.copyFileSync(path.join(root, "src", rel), path.join(root, "dist", rel));
}
