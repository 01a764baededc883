#!/usr/bin/env node
"use strict";
// Runs the built CLI (dist/, made by `npm run build`, which `npm ci` runs through `prepare`). Help, version,
// init and mistyped commands are answered before the compiler (TypeScript, ts-morph) is loaded.
const argv = process.argv.slice(2);
const io = { out: (t) => process.stdout.write(t + "\n"), err: (t) => process.stderr.write(t + "\n"), cwd: process.cwd(), stderrIsTTY: process.stderr.isTTY === true, env: process.env };
const answered = require("../dist/cli/commands.js").runWithoutCompiler(argv, io);
if (answered !== undefined) process.exitCode = answered;
// preflight talks to a cluster, so main may answer with a promise.
else Promise.resolve(require("../dist/cli/main.js").main(argv, io)).then((code) => { process.exitCode = code; });
