// HEAVY (≈10 s): the payment status stream across two app instances on one PostgreSQL schema
// (`next start` of the built app, or scripts/notify-instance.ts without a build). A stream opened
// on instance 1 receives the PAID transition that a notification delivered to instance 0 made
// (LISTEN/NOTIFY), and ends there; each instance holds one LISTEN connection however many
// streams it serves. Skips without PostgreSQL (fails under CI=true).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";

let cluster: NotifyCluster | null = null;

beforeAll(async () => {
  if (!(await postgresReachable())) {
    if (process.env.CI === "true") throw new Error("PostgreSQL is required under CI");
    return;
  }
  cluster = await startNotifyCluster({ instances: 2 });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

interface StatusEvent {
  at: number;
  data: { outTradeNo: string; status: string; orderStatus: string };
}

/** Opens the stream and collects its `status` events until it ends (or `abort`). */
function openStream(url: string) {
  const abort = new AbortController();
  const events: StatusEvent[] = [];
  let onEvent = () => {};
  const ended = (async () => {
    const res = await fetch(url, { signal: abort.signal });
    if (res.status !== 200)
      return { status: res.status, contentType: res.headers.get("content-type"), headers: res.headers };
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const lines = block.split("\n");
          if (lines.includes("event: status")) {
            const data = lines.find((l) => l.startsWith("data: "))!.slice(6);
            events.push({ at: Date.now(), data: JSON.parse(data) });
            onEvent();
          }
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
    return { status: 200, contentType: res.headers.get("content-type"), headers: res.headers };
  })();
  const waitFor = (n: number, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${events.length} events after ${ms} ms`)), ms);
      const check = () => {
        if (events.length >= n) {
          clearTimeout(t);
          resolve();
        }
      };
      onEvent = check;
      check();
    });
  return { events, ended, waitFor, close: () => abort.abort() };
}

async function pendingPayment(c: NotifyCluster, notifyUrl: string, tag: string) {
  const outTradeNo = `SSE${tag}${Date.now()}`;
  const { code_url } = await c.wechat.client.createNativeOrder({
    outTradeNo,
    description: "推送测试",
    amountFen: 880,
    notifyUrl,
  });
  const order = await c.db.order.create({
    data: { livemode: false, orderNo: `O-${outTradeNo}`, totalFen: 880, description: "推送测试" },
  });
  await c.db.paymentAttempt.create({
    data: {
      livemode: false,
      orderId: order.id,
      outTradeNo,
      channel: "NATIVE",
      amountFen: 880,
      codeUrl: code_url,
      mchid: c.wechat.merchant.mchId,
      appid: c.wechat.merchant.appId,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  return outTradeNo;
}

const eventsUrl = (base: string, outTradeNo: string) => `${base}/api/v1/payments/wechat/payment/${outTradeNo}/events`;

describe("payment status stream on two instances", () => {
  it("a stream on instance 1 receives the PAID that a notification on instance 0 made, then ends", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    console.info(`instances: ${c.mode} mode on ${c.urls.join(", ")}`);
    const outTradeNo = await pendingPayment(c, c.notifyUrl(0), "A");
    const stream = openStream(eventsUrl(c.urls[1]!, outTradeNo));
    await stream.waitFor(1, 5_000); // the current status, at once
    expect(stream.events[0]!.data).toMatchObject({ outTradeNo, status: "PENDING", orderStatus: "PENDING" });

    // The simulator pays and notifies instance 0 (only): instance 1 has to hear it from PostgreSQL.
    const paidAt = Date.now();
    const pay = await fetch(`${c.sim.url}/_sim/orders/${outTradeNo}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(pay.status).toBe(200);
    await stream.waitFor(2, 10_000);
    expect(stream.events[1]!.data).toMatchObject({ outTradeNo, status: "PAID", orderStatus: "PAID" });
    console.info(`pay → PAID on the other instance's stream: ${stream.events[1]!.at - paidAt} ms`);
    // Terminal: the server ends the stream by itself.
    expect(await stream.ended).toMatchObject({
      status: 200,
      contentType: expect.stringMatching(/^text\/event-stream/),
    });
    expect(stream.events).toHaveLength(2);
    const stored = await c.db.paymentEvent.findFirstOrThrow({
      where: { type: "STATE_CHANGED", payment: { outTradeNo } },
    });
    expect(stored.detail).toMatchObject({ source: "notification" });
  }, 30_000);

  it("an already-paid payment sends its status once and ends; an unknown one is 404", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    const outTradeNo = await pendingPayment(c, c.notifyUrl(1), "B");
    await fetch(`${c.sim.url}/_sim/orders/${outTradeNo}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const p = await c.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo } });
      if (p.status === "PAID") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const stream = openStream(eventsUrl(c.urls[0]!, outTradeNo));
    expect((await stream.ended).status).toBe(200);
    expect(stream.events.map((e) => e.data.status)).toEqual(["PAID"]);
    const missing = openStream(eventsUrl(c.urls[0]!, "SSENOSUCHPAYMENT1"));
    const notFound = await missing.ended;
    expect(notFound.status).toBe(404);
    expect(notFound.contentType).toMatch(/^application\/json/);
    // The Pages API route answers like the App Router ones: the proxy's headers, a request id,
    // bad input as 400 and other methods as 405.
    const served = await fetch(eventsUrl(c.urls[0]!, outTradeNo), { headers: { "x-request-id": "req-sse-test-0001" } });
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toBeTruthy();
    expect(served.headers.get("x-request-id")).toBe("req-sse-test-0001");
    expect(served.headers.get("cache-control")).toBe("no-store, no-transform");
    await served.text();
    expect((await fetch(eventsUrl(c.urls[0]!, "bad!"))).status).toBe(400);
    expect((await fetch(eventsUrl(c.urls[0]!, outTradeNo), { method: "POST" })).status).toBe(405);
  }, 30_000);

  it("many streams on one instance share one LISTEN connection; closed streams are let go", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    const nos = await Promise.all(Array.from({ length: 8 }, (_, i) => pendingPayment(c, c.notifyUrl(0), `C${i}`)));
    const streams = nos.map((no) => openStream(eventsUrl(c.urls[1]!, no)));
    await Promise.all(streams.map((s) => s.waitFor(1, 5_000)));
    const admin = new pg.Client({ connectionString: c.databaseUrl.replace(/\?.*$/, "") });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ app: string; n: number }>(
        `SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = ANY($1) GROUP BY application_name`,
        [c.pids().map((pid) => `wxpay-status-listen:${pid}`)],
      );
      // Both instances served streams in this file; each holds exactly one LISTEN connection.
      expect(rows.map((r) => r.n)).toEqual(rows.map(() => 1));
      expect(rows.length).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.end();
    }
    for (const s of streams) s.close();
    await Promise.all(streams.map((s) => s.ended));
    // Still served after those went away: the next payment's transition reaches a new stream.
    const last = openStream(eventsUrl(c.urls[1]!, nos[0]!));
    await last.waitFor(1, 5_000);
    await fetch(`${c.sim.url}/_sim/orders/${nos[0]}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    await last.waitFor(2, 10_000);
    expect(last.events[1]!.data.status).toBe("PAID");
    await last.ended;
  }, 30_000);

  // Last: it stops instance 1.
  it("a shutting-down instance ends its open streams at once (the pages fall back to polling)", async (ctx) => {
    if (!cluster) return ctx.skip();
    const c = cluster;
    const nos = await Promise.all(Array.from({ length: 3 }, (_, i) => pendingPayment(c, c.notifyUrl(0), `D${i}`)));
    const streams = nos.map((no) => openStream(eventsUrl(c.urls[1]!, no)));
    await Promise.all(streams.map((s) => s.waitFor(1, 5_000)));
    const t = Date.now();
    const exited = c.kill(1, "SIGTERM");
    const ended = await Promise.all(streams.map((s) => s.ended));
    expect(ended.map((e) => e.status)).toEqual([200, 200, 200]);
    expect(streams.map((s) => s.events.length)).toEqual([1, 1, 1]);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect((await exited)?.code).toBe(0);
  }, 30_000);
});
