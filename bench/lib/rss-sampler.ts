import { execFileSync } from "node:child_process";

export interface TreeProcess {
  pid: number;
  rssMiB: number;
  /** Its command line (ps `args`: a process that renamed itself shows its title). */
  args: string;
}

/** The given processes and all their descendants (next start may fork workers), with their RSS. */
export function processTree(roots: number[]): TreeProcess[] {
  let table: { pid: number; ppid: number; rss: number; args: string }[];
  try {
    table = execFileSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rss: Number(m[3]), args: m[4]! }));
  } catch {
    return [];
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
  return table.filter((p) => inTree.has(p.pid)).map((p) => ({ pid: p.pid, rssMiB: p.rss / 1024, args: p.args }));
}

/** RSS in MiB of the given processes and all their descendants. */
export function treeRssMiB(roots: number[]): number {
  return processTree(roots).reduce((mib, p) => mib + p.rssMiB, 0);
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
