import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USAGE, parseDuration, toMiniProgramCommand, toRequest } from "./cli";
import { outTradeNo, startTestSimulator, type TestSim } from "./test-helpers";

describe("CLI mapping", () => {
  it.each([
    [["pay", "T123456", "--user", "bob"], { method: "POST", path: "/_sim/orders/T123456/pay", body: { user: "bob" } }],
    [["fail", "T123456"], { method: "POST", path: "/_sim/orders/T123456/fail" }],
    [["expire", "T123456"], { method: "POST", path: "/_sim/orders/T123456/expire" }],
    [["advance", "2h"], { method: "POST", path: "/_sim/clock/advance", body: { seconds: 7200 } }],
    [["settle", "R1"], { method: "POST", path: "/_sim/refunds/R1/settle" }],
    [["abnormal", "R1"], { method: "POST", path: "/_sim/refunds/R1/abnormal" }],
    [["close-refund", "R1"], { method: "POST", path: "/_sim/refunds/R1/close" }],
    [["resend", "T1"], { method: "POST", path: "/_sim/notifications/T1/resend", body: {} }],
    [["duplicate", "T1", "3"], { method: "POST", path: "/_sim/notifications/T1/duplicate", body: { count: 3 } }],
    [["stale", "T1"], { method: "POST", path: "/_sim/notifications/T1/stale-timestamp" }],
    [["reorder", "T1"], { method: "POST", path: "/_sim/notifications/T1/reordered" }],
    [["signtest", "--order", "T1"], { method: "POST", path: "/_sim/signtest", body: { out_trade_no: "T1" } }],
    [["release", "--fifo"], { method: "POST", path: "/_sim/notifications/release", body: { reverse: false } }],
    [["signing-mode", "migration"], { method: "POST", path: "/_sim/signing-mode", body: { mode: "migration" } }],
    [
      ["fault", "native", "error500", "--rate", "0.3", "--after"],
      {
        method: "POST",
        path: "/_sim/faults",
        body: {
          endpoint: "native",
          kind: "error500",
          rate: 0.3,
          latencyMs: undefined,
          count: undefined,
          phase: "after",
        },
      },
    ],
    [["clear-faults", "native"], { method: "DELETE", path: "/_sim/faults?endpoint=native" }],
    [["deliveries"], { method: "GET", path: "/_sim/deliveries" }],
  ])("%j", (argv, expected) => {
    expect(toRequest(argv)).toEqual(expected);
  });

  it("trigger calls the app (flags over APP_URL / TEST_API_KEY), not the simulator", () => {
    const env = { APP_URL: "http://127.0.0.1:4000/", TEST_API_KEY: "sk_test_env" };
    expect(toRequest(["trigger", "refund.abnormal"], env)).toEqual({
      method: "POST",
      path: "/api/v1/test/trigger",
      body: { type: "refund.abnormal" },
      app: { url: "http://127.0.0.1:4000", key: "sk_test_env" },
    });
    expect(
      toRequest(["trigger", "payment.flagged", "--app", "http://localhost:5000", "--key", "sk_test_flag"], env),
    ).toMatchObject({ app: { url: "http://localhost:5000", key: "sk_test_flag" } });
    expect(toRequest(["trigger", "payment.succeeded", "--key", "sk_test_k"], {})).toMatchObject({
      app: { url: "http://localhost:3000" },
    });
    expect(() => toRequest(["trigger", "payment.succeeded"], {})).toThrow(/--key sk_test_\.\.\. or TEST_API_KEY/);
    expect(() => toRequest(["trigger"], env)).toThrow(/missing <type>/);
  });

  it("help and errors", () => {
    expect(toRequest([])).toBe("help");
    expect(toRequest(["help"])).toBe("help");
    expect(() => toRequest(["nope"])).toThrow(/unknown command/);
    expect(() => toRequest(["pay"])).toThrow(/out_trade_no/);
    expect(parseDuration("30m")).toBe(1800);
    for (const cmd of [
      "pay",
      "fail",
      "expire",
      "advance",
      "settle",
      "abnormal",
      "resend",
      "duplicate",
      "stale",
      "reorder",
      "signtest",
      "hold",
      "release",
      "signing-mode",
      "fault",
      "clear-faults",
      "deliveries",
      "trigger",
    ]) {
      expect(USAGE).toContain(`  ${cmd}`);
    }
  });
});

describe("miniprogram pay mapping", () => {
  it("takes an order number or a cs_ id, the app from --app or APP_URL, and --user", () => {
    expect(toMiniProgramCommand(["miniprogram", "pay", "20261201-7Q4K9MXA"], { APP_URL: "http://a:1/" })).toEqual({
      miniProgramPay: { target: "20261201-7Q4K9MXA", appUrl: "http://a:1" },
    });
    const cs = `cs_${"k".repeat(32)}`;
    expect(toMiniProgramCommand(["miniprogram", "pay", cs, "--user", "amy", "--app", "http://b:2"], {})).toEqual({
      miniProgramPay: { target: cs, appUrl: "http://b:2", user: "amy" },
    });
    expect(toMiniProgramCommand(["miniprogram", "pay", cs], {}).miniProgramPay.appUrl).toBe("http://localhost:3000");
  });
  it("refuses anything else", () => {
    expect(() => toMiniProgramCommand(["miniprogram"], {})).toThrow(/usage/);
    expect(() => toMiniProgramCommand(["miniprogram", "pay"], {})).toThrow(/order number/);
    expect(() => toMiniProgramCommand(["miniprogram", "pay", "../etc"], {})).toThrow(/order number/);
    expect(USAGE).toContain("miniprogram pay <orderNo|cs_...>");
  });
});

describe("CLI against a running simulator", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  it("npm run sim -- pay <no> pays the order", async () => {
    const no = outTradeNo("CLI");
    const wx = sim.client() as unknown as {
      v3: { pay: { transactions: { native: { post(b: unknown): Promise<unknown> } } } };
    };
    await wx.v3.pay.transactions.native.post({
      appid: sim.merchant.appid,
      mchid: sim.merchant.mchid,
      description: "cli",
      out_trade_no: no,
      notify_url: "http://127.0.0.1:9/n",
      amount: { total: 5 },
    });
    // async: the simulator lives in this process and must keep serving while the CLI runs
    const run = promisify(execFile);
    const r = await run(process.execPath, ["--import", "tsx", "simulator/cli.ts", "pay", no], {
      env: { ...process.env, SIMULATOR_URL: sim.url },
      timeout: 10_000,
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ out_trade_no: no, trade_state: "SUCCESS" });
    const h = await run(process.execPath, ["--import", "tsx", "simulator/cli.ts", "help"], { timeout: 10_000 });
    expect(h.stdout).toContain("usage: npm run sim -- <command>");
  });
});
