// The programs `npm start` runs besides Next.js, as it runs them: compiled by
// scripts/build-scripts.mjs (its `prestart`) and started with plain `node`, no tsx loader and no
// esbuild service beside them (nothing transpiles TypeScript at run time). The database step
// migrates and seeds a fresh PGlite data dir in a child that exits; the simulator serves.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/notify-cluster";
import { waitForHttp } from "@/scripts/lib/wait-for";
import { nodeArgsFor } from "@/scripts/lib/node-program";
import { treeCommandLines } from "@/tests/helpers/process-tree";

let dir = "";
let sim: ChildProcess | null = null;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "compiled-scripts-"));
  const r = spawnSync(process.execPath, ["scripts/build-scripts.mjs"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => {
  if (sim?.exitCode === null) sim.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a user's `npm start` in demo mode: no database URL, no credentials. */
function demoEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("WECHAT_") && k !== "DATABASE_URL" && k !== "NODE_ENV"),
  );
  Object.assign(env, {
    PGLITE_DATA_DIR: path.join(dir, "pglite"),
    SIMULATOR_DATA_DIR: path.join(dir, "sim"),
    ...extra,
  });
  return env as NodeJS.ProcessEnv;
}

describe("compiled start-up programs", () => {
  it("maps each source to its bundle when compiled, to tsx when run from source", () => {
    expect(nodeArgsFor("simulator/main.ts", "/app/.build/scripts/start.cjs")).toEqual([
      path.join(".build", "simulator/main.cjs"),
    ]);
    expect(nodeArgsFor("scripts/prepare.ts", "/app/scripts/start.ts")).toEqual([
      "--import",
      "tsx",
      "scripts/prepare.ts",
    ]);
    for (const source of ["scripts/start.ts", "scripts/prepare.ts", "scripts/migrate.ts", "simulator/main.ts"])
      expect(existsSync(nodeArgsFor(source, ".build/scripts/start.cjs")[0]!), source).toBe(true);
  });

  it("migrates and seeds a fresh PGlite data dir with plain node, then exits", () => {
    const r = spawnSync(process.execPath, [".build/scripts/prepare.cjs"], {
      encoding: "utf8",
      env: demoEnv({}),
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/migrations applied: \d+_init/);
    expect(r.stdout).toMatch(/Admin sign-in \(shown once\): admin@demo\.local \/ \S+/);
    // Again: nothing left to apply, the admin exists, no password printed.
    const again = spawnSync(process.execPath, [".build/scripts/migrate.cjs"], { encoding: "utf8", env: demoEnv({}) });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/database is up to date \(\d+ migrations\)/);
  });

  it("serves the simulator from its bundle, with no TypeScript loader or esbuild in its process tree", async () => {
    const port = await freePort();
    sim = spawn(process.execPath, nodeArgsFor("simulator/main.ts", ".build/scripts/start.cjs"), {
      env: demoEnv({ SIMULATOR_PORT: String(port) }),
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForHttp(`http://127.0.0.1:${port}/_sim/health`, 30_000, () => sim?.exitCode === null);
    const lines = treeCommandLines(sim.pid!);
    expect(lines[0]).toContain(".build/simulator/main.cjs");
    expect(lines.join("\n")).not.toMatch(/tsx|esbuild/);
  });
});
