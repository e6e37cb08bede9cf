import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lowerThreadPriority } from "./lower-thread-priority";

// In a child process (so this test runner keeps its priority): start an idle worker thread, then
// lower the main thread's priority with the helper, and read both threads' nice values from
// /proc/<pid>/task/<tid>/stat (field 19, counted after the parenthesised command name).
const CHILD = `
const { readFileSync } = require("node:fs");
const { Worker } = require("node:worker_threads");
const { lowerThreadPriority } = require(${JSON.stringify(path.join(__dirname, "lower-thread-priority.ts"))});
const niceOf = (tid) => {
  const stat = readFileSync("/proc/" + process.pid + "/task/" + tid + "/stat", "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
};
const w = new Worker('require("node:worker_threads").parentPort.postMessage(Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop())); setInterval(() => {}, 1000)', { eval: true });
w.once("message", (workerTid) => {
  const before = niceOf(process.pid);
  const applied = lowerThreadPriority(7);
  console.log(JSON.stringify({ pid: process.pid, applied, before, main: niceOf(process.pid), worker: niceOf(workerTid) }));
  process.exit(0);
});
`;

describe.runIf(process.platform === "linux")("lowerThreadPriority", () => {
  it("lowers the calling thread's priority and no other thread's", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", CHILD], { encoding: "utf8" });
    const r = JSON.parse(out) as { pid: number; applied: number; before: number; main: number; worker: number };
    expect(r.applied).toBe(r.pid); // the main thread's tid is the pid
    expect(r.main).toBe(Math.max(7, r.before));
    expect(r.worker).toBe(r.before);
  });

  it("leaves the priority alone for 0", () => {
    expect(lowerThreadPriority(0)).toBeNull();
  });
});
