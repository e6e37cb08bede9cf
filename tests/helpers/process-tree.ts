import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** A process and its descendants' pids (Linux), the process's own first. */
function treePids(pid: number): number[] {
  const ps = spawnSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" }).stdout.trim().split("\n");
  const pairs = ps.map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const tree = [pid];
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, pp] of pairs)
      if (!tree.includes(p) && tree.includes(pp)) {
        tree.push(p);
        grew = true;
      }
  }
  return tree;
}

const commandLine = (p: number) => readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ").trim();

/** Command lines of a process and its descendants (Linux /proc), the process's own first. */
export function treeCommandLines(pid: number): string[] {
  return treePids(pid).flatMap((p) => {
    try {
      return [commandLine(p)];
    } catch {
      return []; // exited meanwhile
    }
  });
}

/** The environment of the first process in the tree whose command line matches (null: none). */
export function treeProcessEnv(pid: number, match: RegExp): Record<string, string> | null {
  for (const p of treePids(pid)) {
    try {
      if (!match.test(commandLine(p))) continue;
      const vars = readFileSync(`/proc/${p}/environ`, "utf8").split("\0").filter(Boolean);
      return Object.fromEntries(vars.map((v) => [v.slice(0, v.indexOf("=")), v.slice(v.indexOf("=") + 1)]));
    } catch {
      continue; // exited meanwhile
    }
  }
  return null;
}
