// CPU time a server and the PostgreSQL backends serving it spent on a run, from /proc (Linux).
// On a machine shared with other work, requests/s drifts with the neighbours' load; CPU seconds
// per request hardly do, so the benches print both. The backends are found by the TCP ports the
// server's own sockets use (pg_stat_activity.client_port), which needs no cooperation from it.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import pg from "pg";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

/** utime + stime of a process (all its threads) in seconds; 0 when it is gone. */
export function processCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * utime + stime of one thread; a process's main thread has tid = pid. In a Node server that is
 * the thread serving requests; the others are V8's GC helpers, libuv's pool and worker threads.
 */
export function threadCpuSeconds(pid: number, tid = pid): number {
  return statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
}

function statCpuSeconds(file: string): number {
  try {
    const stat = readFileSync(file, "utf8");
    // Fields after the command (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Local ports of the TCP sockets process `pid` holds (its client side of each connection). */
export function localTcpPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ["tcp", "tcp6"]) {
    let text = "";
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9]!)) ports.push(parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}

/** A snapshot of CPU seconds per process: the servers and the backends connected to them. */
export type CpuSnapshot = { servers: Map<number, number>; backends: Map<number, number> };

export async function snapshotCpu(pool: pg.Pool, serverPids: number[]): Promise<CpuSnapshot> {
  const ports = serverPids.flatMap(localTcpPorts);
  const { rows } = await pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[]) AND client_addr IS NOT NULL",
    [ports],
  );
  return {
    servers: new Map(serverPids.map((p) => [p, processCpuSeconds(p)])),
    backends: new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)])),
  };
}

/**
 * CPU seconds between two snapshots: a backend that appeared in between counts from zero (it
 * was opened during the run), one that vanished is lost (pools keep theirs open while busy).
 */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): { server: number; database: number } {
  const sum = (later: Map<number, number>, earlier: Map<number, number>) =>
    [...later].reduce((s, [pid, t]) => s + Math.max(0, t - (earlier.get(pid) ?? 0)), 0);
  return { server: sum(b.servers, a.servers), database: sum(b.backends, a.backends) };
}
