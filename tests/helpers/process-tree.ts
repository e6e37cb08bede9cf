import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** Command lines of a process and its descendants (Linux /proc), the process's own first. */
export function treeCommandLines(pid: number): string[] {
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
  return tree.flatMap((p) => {
    try {
      return [readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ").trim()];
    } catch {
      return []; // exited meanwhile
    }
  });
}
