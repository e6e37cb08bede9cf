import { execFileSync } from "node:child_process";

/** RSS in MiB of the given processes and all their descendants (next start may fork workers). */
export function treeRssMiB(roots: number[]): number {
  let table: { pid: number; ppid: number; rss: number }[];
  try {
    table = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number))
      .map(([pid, ppid, rss]) => ({ pid: pid!, ppid: ppid!, rss: rss! }));
  } catch {
    return 0;
  }
  const inTree = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return table.filter((p) => inTree.has(p.pid)).reduce((kb, p) => kb + p.rss, 0) / 1024;
}

/** Samples the processes' RSS every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(pids: () => number[], everyMs = 100): { stop(): number } {
  let peak = treeRssMiB(pids());
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMiB(pids()));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMiB(pids()));
    },
  };
}
