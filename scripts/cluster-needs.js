#!/usr/bin/env node
"use strict";
// Writes the "What the cluster must have" section of docs/deploy.md from generated/manifest.json
// (npm run docs:cluster-needs, after npm run compile). test/deploy/cluster-needs.test.ts fails when it is stale.
require("../bin/register-ts");
const fs = require("node:fs");
const path = require("node:path");
const { clusterNeedsMarkdown, withNeedsSection } = require("../src/render/cluster-needs.ts");

const root = path.resolve(__dirname, "..");
const docPath = path.join(root, "docs", "deploy.md");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "generated", "manifest.json"), "utf8"));
const updated = withNeedsSection(fs.readFileSync(docPath, "utf8"), clusterNeedsMarkdown(manifest));
if (updated === undefined) {
  console.error("docs/deploy.md has no cluster-needs markers");
  process.exitCode = 1;
} else {
  fs.writeFileSync(docPath, updated);
  console.log("updated docs/deploy.md (What the cluster must have)");
}
