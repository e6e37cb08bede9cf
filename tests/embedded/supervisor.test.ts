// HEAVY (≈20–40 s): the README's two ways to run the product, as `npm start` and `npm run dev`
// run them (the compiled supervisor, .build/scripts/start.cjs), in demo mode on a fresh PGlite
// data dir. The simulator is served from the supervisor's own process (no process of its own);
// `npm start` takes a payment through it end to end; `npm run dev` serves pages; Ctrl-C stops
// each cleanly. `npm start` uses the production build (SKIP_BUILD=1: it must exist; under
// CI=true `npm test` builds first, elsewhere the case skips without one).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/notify-cluster";
import { waitForHttp } from "@/scripts/lib/wait-for";
import { treeCommandLines, treeProcessEnv } from "@/tests/helpers/process-tree";

const built = existsSync(".next/BUILD_ID");
if (!built && process.env.CI === "true") throw new Error("no production build: run `npm run build` first");

let dir = "";
const running = new Set<ChildProcess>();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "supervisor-"));
  const r = spawnSync(process.execPath, ["scripts/build-scripts.mjs"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  base: string;
  sim: string;
  output: string[];
}

/** The supervisor as npm runs it: demo mode (no DATABASE_URL, no WECHAT_*), its own process group. */
async function startSupervisor(name: string, args: string[], extra: Record<string, string> = {}): Promise<Started> {
  const [port, simPort] = [await freePort(), await freePort()];
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("WECHAT_") && !["DATABASE_URL", "NODE_ENV", "VITEST", "LOG_LEVEL"].includes(k),
    ),
  );
  Object.assign(env, {
    PORT: String(port),
    NEXTAUTH_URL: `http://localhost:${port}`,
    PGLITE_DATA_DIR: path.join(dir, name, "pglite"),
    SIMULATOR_URL: `http://127.0.0.1:${simPort}`,
    SIMULATOR_DATA_DIR: path.join(dir, name, "sim"),
    SIMULATOR_TIME_SCALE: "0.01",
    WORKER_DISABLED: "1", // so PAID can only come from the simulator's notification
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  });
  const child = spawn(process.execPath, [".build/scripts/start.cjs", ...args], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  const output: string[] = [];
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/health/ready`, 150_000, () => child.exitCode === null).catch((err: Error) => {
    throw new Error(`${err.message}\n${output.join("")}`);
  });
  return { child, base, sim: `http://127.0.0.1:${simPort}`, output };
}

/** Ctrl-C as a terminal sends it (to the whole group); resolves with the supervisor's exit code. */
async function interrupt(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
  process.kill(-s.child.pid!, "SIGINT");
  return exited;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  expect(res.ok, `${init?.method ?? "GET"} ${url}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

function expectSimulatorInsideSupervisor(s: Started): void {
  const tree = treeCommandLines(s.child.pid!);
  expect(tree[0]).toContain(".build/scripts/start.cjs");
  expect(
    tree.filter((args) => /simulator/.test(args)),
    tree.join("\n"),
  ).toEqual([]);
}

describe("the supervisor (npm start, npm run dev)", () => {
  it.skipIf(!built)(
    "npm start: the simulator runs inside the supervisor, a Native payment goes through it, Ctrl-C exits 0",
    async () => {
      const s = await startSupervisor("start", [], { SKIP_BUILD: "1" });
      expect((await json<{ ok: boolean }>(`${s.sim}/_sim/health`)).ok).toBe(true);
      expectSimulatorInsideSupervisor(s);
      // Embedded mode: the app server runs with two malloc arenas (scripts/lib/app-server-env).
      const serverEnv = treeProcessEnv(s.child.pid!, /next-server|next\/dist\/bin\/next start/);
      expect(serverEnv, treeCommandLines(s.child.pid!).join("\n")).not.toBeNull();
      expect(serverEnv!.MALLOC_ARENA_MAX).toBe("2");

      const { products } = await json<{ products: { id: string; sku: string }[] }>(`${s.base}/api/v1/products`);
      const productId = (products.find((p) => p.sku === "TEST-1FEN") ?? products[0])!.id;
      const { orderNo } = await json<{ orderNo: string }>(`${s.base}/api/v1/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
      });
      const page = await fetch(`${s.base}/orders/${orderNo}`, {
        headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" },
      });
      const outTradeNo = /data-out-trade-no="([^"]+)"/.exec(await page.text())?.[1];
      expect(page.status).toBe(200);
      expect(outTradeNo).toBeTruthy();
      await json(`${s.sim}/_sim/orders/${outTradeNo}/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      const statusUrl = `${s.base}/api/v1/payments/wechat/payment/${encodeURIComponent(outTradeNo!)}`;
      let status = "";
      for (let i = 0; i < 100 && status !== "PAID"; i++) {
        status = (await json<{ orderStatus: string }>(statusUrl)).orderStatus;
        if (status !== "PAID") await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe("PAID"); // the simulator's notification reached the app

      expect(await interrupt(s)).toBe(0);
      expect(treeCommandLines(s.child.pid!)).toEqual([]);
    },
    180_000,
  );

  it("npm run dev: serves pages with the simulator inside the supervisor, Ctrl-C exits 0", async () => {
    const s = await startSupervisor("dev", ["--dev"]);
    expect((await json<{ ok: boolean }>(`${s.sim}/_sim/health`)).ok).toBe(true);
    expectSimulatorInsideSupervisor(s);
    const home = await fetch(`${s.base}/`);
    expect(home.status, s.output.join("")).toBe(200);
    expect(await home.text()).toContain("<html");
    expect(await interrupt(s)).toBe(0);
  }, 180_000);
});
