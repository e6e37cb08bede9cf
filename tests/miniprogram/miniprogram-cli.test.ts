// `npm run sim -- miniprogram pay <orderNo|cs_…>` end to end, over real HTTP on both sides: the
// CLI (a child process) logs in at the simulator, calls the app's session and mini-program pay
// routes (their real handlers behind a real HTTP server), has the simulator check paySign over
// the mini-program's appid and pay; the simulator's TRANSACTION.SUCCESS reaches the app's notify
// route and the order turns PAID.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postSession } from "@/app/api/v1/miniprogram/session/route";
import { POST as postPay } from "@/app/api/v1/payments/wechat/miniprogram/route";
import { POST as postNotify } from "@/app/api/v1/payments/wechat/notify/route";
import { newOrderNo } from "@/lib/checkout/identifiers";
import type { Db } from "@/lib/db/create-prisma";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { startSimWechat, type SimWechat } from "@/tests/worker/simulator-wechat";

const run = promisify(execFile);
const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };
const ROUTES: Record<string, (req: Request, ctx: never) => Promise<Response>> = {
  "/api/v1/miniprogram/session": postSession,
  "/api/v1/payments/wechat/miniprogram": postPay,
  "/api/v1/payments/wechat/notify": postNotify,
};

let s: SimWechat;
let app: Server;
let appUrl: string;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const handler = req.method === "POST" ? ROUTES[req.url ?? ""] : undefined;
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const answer = await handler(
        new Request(`${appUrl}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
        undefined as never,
      );
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // Before the app's config is first read: demo mode's notify_url is NEXTAUTH_URL's notify route.
  process.env.NEXTAUTH_URL = appUrl;
  s = await startSimWechat();
  process.env.SIMULATOR_URL = s.sim.url;
  process.env.SIMULATOR_DATA_DIR = s.sim.dataDir;
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await new Promise((r) => app?.close(r));
});

const cli = (...args: string[]) =>
  run(path.resolve("node_modules/.bin/tsx"), ["simulator/cli.ts", "miniprogram", ...args], {
    env: { ...process.env, SIMULATOR_URL: s.sim.url, APP_URL: appUrl },
    timeout: 60_000,
  });

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.each(["pglite", "postgres"] as const)("sim miniprogram pay on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (m) holder.__checkoutDb = Promise.resolve(m.db);
  }, 60_000);
  afterAll(async () => {
    delete holder.__checkoutDb;
    await m?.dispose();
  });

  it("pays an order from the mini-program: the order becomes PAID through the notification", async (ctx) => {
    if (!m) return ctx.skip();
    const orderNo = newOrderNo();
    await m.db.order.create({ data: { livemode: false, orderNo, totalFen: 990, description: "小程序 CLI" } });
    const { stdout } = await cli("pay", orderNo, "--user", `cli-${kind}`);
    const result = JSON.parse(stdout) as { ok: boolean; errMsg: string; payParams: Record<string, string> };
    expect(result).toMatchObject({ ok: true, errMsg: "requestPayment:ok" });
    expect(result.payParams).not.toHaveProperty("appId");
    const paid = await until(async () => (await m!.db.order.findUnique({ where: { orderNo } }))?.status === "PAID");
    expect(paid).toBe(true);
    const attempt = await m.db.paymentAttempt.findFirstOrThrow({ where: { order: { orderNo } } });
    expect(attempt).toMatchObject({ status: "PAID", channel: "JSAPI" });
  }, 90_000);

  it("a paid order is refused at the prepay step; a bad target never leaves the CLI", async (ctx) => {
    if (!m) return ctx.skip();
    const orderNo = newOrderNo();
    await m.db.order.create({
      data: { livemode: false, orderNo, totalFen: 100, description: "已支付", status: "PAID" },
    });
    const refused = await cli("pay", orderNo).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(refused?.code).toBe(1);
    expect(JSON.parse(refused!.stdout)).toMatchObject({ ok: false, step: "prepay", status: 409 });
    const usage = await cli("pay", "not-an-order").then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(usage?.code).toBe(2);
    expect(usage?.stderr).toMatch(/order number/);
  }, 90_000);
});
