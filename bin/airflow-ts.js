#!/usr/bin/env node
"use strict";
require("./register-ts");

process.exitCode = require("../src/cli/main.ts").main(process.argv.slice(2));
