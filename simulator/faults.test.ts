import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Faults } from "./faults";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

/* eslint-disable @typescript-eslint/no-explicit-any */
let sim: TestSim;
let wx: any;
beforeAll(async () => {
  sim = await startTestSimulator({ faultTimeoutMs: 1500 });
  wx = sim.client();
});
afterAll(() => sim.stop());
afterEach(async () => {
  await sim.control("DELETE", "/_sim/faults");
});

const body = (no: string) => ({
  appid: sim.merchant.appid,
  mchid: sim.merchant.mchid,
  description: "fault",
  out_trade_no: no,
  notify_url: "http://127.0.0.1:9/n",
  amount: { total: 1 },
});
const native = (no = outTradeNo("F")) => wx.v3.pay.transactions.native.post(body(no));
const query = (no: string) =>
  wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({ params: { mchid: sim.merchant.mchid }, out_trade_no: no });

async function outcome(p: Promise<any>): Promise<{ status?: number; code?: string; error?: string }> {
  try {
    const r = await p;
    return { status: r.status };
  } catch (e: any) {
    if (e.response) return { status: e.response.status, code: e.response.data?.code };
    return { error: e.code ?? e.message };
  }
}

describe("fault injection per endpoint", () => {
  it("500 SYSTEM_ERROR, only on the chosen endpoint, unsigned", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500" });
    expect(await outcome(native())).toEqual({ status: 500, code: "SYSTEM_ERROR" });
    const no = outTradeNo();
    await sim.control("DELETE", "/_sim/faults?endpoint=native");
    await native(no);
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500" });
    expect((await query(no)).status).toBe(200);
  });

  it("429 FREQUENCY_LIMITED on every endpoint with *", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "*", kind: "error429" });
    expect(await outcome(native())).toEqual({ status: 429, code: "FREQUENCY_LIMITED" });
    expect(await outcome(query("ABCDEF1"))).toEqual({ status: 429, code: "FREQUENCY_LIMITED" });
  });

  it("latency delays the answer", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "latency", latencyMs: 300 });
    const t = Date.now();
    expect((await native()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it("dropped connection: the client sees a socket error", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "drop" });
    expect((await outcome(native())).error).toMatch(/ECONNRESET|socket hang up|ERR/i);
  });

  it("timeout: no answer; a client with a timeout gives up", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "timeout" });
    const t = Date.now();
    const r = await outcome(wx.v3.pay.transactions.native.post(body(outTradeNo()), { timeout: 300 }));
    expect(r.error).toMatch(/ECONNABORTED|timeout/i);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it("phase after: the order is created but the answer is lost (outcome unknown)", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "after", count: 1 });
    const no = outTradeNo();
    expect((await outcome(native(no))).status).toBe(500);
    expect((await query(no)).data.trade_state).toBe("NOTPAY");
    expect((await native(no)).status).toBe(200); // count exhausted; retry with the same out_trade_no succeeds
  });

  it("count limits hits; list and clear", async () => {
    const f = await sim.control<any>("POST", "/_sim/faults", {
      endpoint: "query-out-trade-no",
      kind: "error500",
      count: 2,
    });
    expect(f.data).toMatchObject({ endpoint: "query-out-trade-no", kind: "error500", rate: 1, remaining: 2 });
    expect((await sim.control<any[]>("GET", "/_sim/faults")).data).toHaveLength(1);
    expect((await outcome(query("ABCDEF1"))).status).toBe(500);
    expect((await outcome(query("ABCDEF1"))).status).toBe(500);
    expect((await outcome(query("ABCDEF1"))).status).toBe(404);
    expect((await sim.control<any[]>("GET", "/_sim/faults")).data).toHaveLength(0);
    expect((await sim.control<any>("POST", "/_sim/faults", { endpoint: "nope", kind: "drop" })).status).toBe(400);
    expect((await sim.control<any>("POST", "/_sim/faults", { kind: "drop", rate: 2 })).status).toBe(400);
  });

  it("refuse: a 4xx with the status and code asked for; bad ones are refused", async () => {
    const f = await sim.control<any>("POST", "/_sim/faults", {
      endpoint: "query-out-trade-no",
      kind: "refuse",
      status: 403,
      code: "OUT_TRADE_NO_USED",
      count: 1,
    });
    expect(f.data).toMatchObject({ kind: "refuse", status: 403, code: "OUT_TRADE_NO_USED" });
    const r = await outcome(query("ABCDEF2"));
    expect([r.status, r.code]).toEqual([403, "OUT_TRADE_NO_USED"]);
    expect((await outcome(query("ABCDEF2"))).status).toBe(404);
    expect((await sim.control<any>("POST", "/_sim/faults", { kind: "refuse", status: 500 })).status).toBe(400);
    expect((await sim.control<any>("POST", "/_sim/faults", { kind: "refuse", code: "bad code" })).status).toBe(400);
  });

  it("rate: a fraction of requests is hit", () => {
    let i = 0;
    const seq = [0.1, 0.9, 0.2, 0.8];
    const faults = new Faults(() => seq[i++ % seq.length]!);
    faults.add({ endpoint: "native", kind: "error500", rate: 0.5 });
    const plans = [1, 2, 3, 4].map(() => faults.plan("native").failure?.kind);
    expect(plans).toEqual(["error500", undefined, "error500", undefined]);
    expect(faults.plan("refund").failure).toBeUndefined();
  });

  it("rate 0.5 over the wire hits some requests and spares others", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "query-out-trade-no", kind: "error500", rate: 0.5 });
    const statuses = new Set<number | undefined>();
    for (let n = 0; n < 40; n++) statuses.add((await outcome(query("ABCDEF1"))).status);
    expect(statuses).toEqual(new Set([500, 404]));
  });

  it.each([
    ["stale-timestamp", /TIMESTAMP_OFFSET/],
    ["bad-signature", /SIGNATURE_DIGEST/],
    ["unsigned", /./],
  ])("%s: a 2xx the client must refuse to trust", async (kind, why) => {
    await sim.control("POST", "/_sim/faults", { endpoint: "native", kind });
    const e: any = await native().then(
      () => undefined,
      (err: any) => err,
    );
    expect(e?.response?.status).toBe(200);
    expect(String(e.message) + String(e.code)).toMatch(why);
  });

  it("reordered-json: same meaning, other bytes, validly signed: a raw-bytes verifier accepts it", async () => {
    await sim.control("POST", "/_sim/faults", { endpoint: "query-out-trade-no", kind: "reordered-json" });
    const no = outTradeNo();
    await native(no);
    const raw = await wx.v3.pay.transactions.outTradeNo.$out_trade_no$.get({
      params: { mchid: sim.merchant.mchid },
      out_trade_no: no,
      transformResponse: [(d: string) => d],
    });
    expect(raw.data).toMatch(/^\{\n {2}"promotion_detail"/);
    expect((await query(no)).data).toMatchObject({ out_trade_no: no, trade_state: "NOTPAY" });
  });
});
