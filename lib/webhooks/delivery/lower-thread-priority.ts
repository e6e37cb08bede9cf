import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/**
 * Raises the calling thread's nice value (lower CPU priority) on Linux, where a thread is its own
 * scheduling entity: /proc/thread-self names its id, and setpriority(2) on that id touches this
 * thread alone, not the process. Raising nice needs no privilege. Elsewhere (no /proc/thread-self)
 * it does nothing and says so. Returns the thread id it applied to, or null.
 */
export function lowerThreadPriority(nice: number): number | null {
  if (nice <= 0) return null;
  let tid: number;
  try {
    tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return null;
  }
  if (!Number.isInteger(tid) || tid <= 0) return null;
  setPriority(tid, Math.min(19, nice));
  return tid;
}
