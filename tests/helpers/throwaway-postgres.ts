import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/scripts/notify-cluster";

const BIN = "/usr/lib/postgresql/15/bin";

export interface ThrowawayPostgres {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** SIGSTOP the postmaster and every backend: sockets stay open, nothing answers. */
  stall(): void;
  resume(): void;
  /**
   * `pg_ctl restart -m fast`: every connection is cut, the server is back in well under a
   * second. Asynchronous, so this process (and a simulator in it) keeps running meanwhile.
   */
  restart(): Promise<void>;
  stop(): void;
}

/** Whether this machine can run a private cluster (the binaries exist; we can run as `postgres`). */
export function throwawayPostgresPossible(): boolean {
  try {
    execFileSync(`${BIN}/initdb`, ["--version"], { stdio: "ignore" });
    if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * A private PostgreSQL cluster in a temp dir on a free port, for tests that stall, restart or
 * stop their database: the shared server on 5432 is never touched (machine notes). initdb
 * refuses root, so both run as `postgres` on a folder it owns.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pg-throwaway-"));
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args])
      : execFileSync(cmd, args);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  asPostgres(`${BIN}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  asPostgres(`${BIN}/pg_ctl`, ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"]);

  // The postmaster's pid, then all of its children (the backends and helpers) at signal time.
  const pids = () => {
    const postmaster = readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
    const children = execFileSync("pgrep", ["-P", postmaster]).toString().split("\n").filter(Boolean);
    return [postmaster, ...children];
  };
  const signal = (sig: "-STOP" | "-CONT") => execFileSync("kill", [sig, ...pids()]);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stall: () => signal("-STOP"),
    resume: () => signal("-CONT"),
    async restart() {
      const args = ["-D", data, "-m", "fast", "-w", "restart", "-o", opts, "-l", path.join(dir, "log")];
      const asRoot = process.getuid?.() === 0;
      await promisify(execFile)(
        asRoot ? "runuser" : `${BIN}/pg_ctl`,
        asRoot ? ["-u", "postgres", "--", `${BIN}/pg_ctl`, ...args] : args,
      );
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        execFileSync("kill", ["-CONT", ...pids()], { stdio: "ignore" });
      } catch {
        // not stalled or already gone
      }
      try {
        asPostgres(`${BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
