import { readdirSync, readFileSync } from "node:fs";

/** Every thread of a process with its nice value (Linux: /proc/<pid>/task/<tid>/stat, field 19). */
export function threadNices(pid: number): { tid: number; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]) };
  });
}
