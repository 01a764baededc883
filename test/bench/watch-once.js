"use strict";
// One `watch` run for the bench: waits for its first compile, writes one pipeline file, and times the write -> the
// report of the compile it started (the files are on disk before watch prints). Peak RSS of the watch process from
// /proc (VmHWM), read before it is stopped by its PID. Prints one JSON line.
//   node test/bench/watch-once.js <bin> <project root> <file to write> <a file holding its new source>
const { spawn } = require("node:child_process");
const fs = require("node:fs");

const [bin, root, file, sourceFile] = process.argv.slice(2);
const source = fs.readFileSync(sourceFile, "utf8");
const child = spawn(process.execPath, [bin, "watch", "--format", "json", "--debounce", "20", "--config", root], { stdio: ["ignore", "pipe", "inherit"] });
let buffered = "";
let reports = 0;
let edited = 0n;
child.stdout.setEncoding("utf8").on("data", (chunk) => {
  buffered += chunk;
  for (let i; (i = buffered.indexOf("\n")) >= 0; ) {
    const report = JSON.parse(buffered.slice(0, i));
    buffered = buffered.slice(i + 1);
    if (!report.ok) {
      console.error(JSON.stringify(report.diagnostics).slice(0, 2000));
      process.kill(child.pid, "SIGTERM");
      process.exitCode = 1;
      return;
    }
    if (++reports === 1) {
      edited = process.hrtime.bigint();
      fs.writeFileSync(file, source);
      continue;
    }
    const seconds = Number(process.hrtime.bigint() - edited) / 1e9;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]);
    process.kill(child.pid, "SIGTERM");
    console.log(JSON.stringify({ seconds, rssMb: hwm / 1024, startMs: report.ms, ran: report.modules.ran, updated: report.files.updated }));
  }
});
