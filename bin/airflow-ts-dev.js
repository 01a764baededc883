#!/usr/bin/env node
"use strict";
// The CLI run from the TypeScript sources, for this repository's own scripts (npm run compile, golden:update):
// no build needed and never a stale dist/. Users run bin/airflow-ts.js, the built one.
require("./register-ts");

process.exitCode = require("../src/cli/main.ts").main(process.argv.slice(2));
