#!/usr/bin/env node
"use strict";
// The CLI run from the TypeScript sources, for this repository's own scripts (npm run compile, golden:update):
// no build needed and never a stale dist/. Users run bin/airflow-ts.js, the built one.
require("./register-ts");

// preflight talks to a cluster, so main may answer with a promise.
Promise.resolve(require("../src/cli/main.ts").main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
