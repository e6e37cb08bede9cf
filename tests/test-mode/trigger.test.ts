// POST /api/v1/test/trigger and `npm run sim -- trigger` through the built app (`next start`, one
// instance, demo mode = test mode) and the simulator over HTTP: for every event type, the trigger's
// objects end with exactly one event of that type, written by the real pipeline (notifications the
// simulator signed and the app verified), listed by GET /api/v1/events with the test key. A live
// key is refused, bad types change nothing. Needs the build (`next build`); fails under CI without it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import type { EventObject } from "@/lib/event-objects/event-object";
import { TRIGGER_TYPES, type TriggerType } from "@/lib/test-mode/trigger-types";
import { builtAppAvailable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";
import { USAGE } from "@/simulator/cli";

let c: NotifyCluster | null = null;
const keys = { test: "", live: "", readOnly: "" };

beforeAll(async () => {
  if (!(await builtAppAvailable())) return;
  // Refunds settle only when told (the trigger tells them): on a loaded machine the simulator's own
  // timer could otherwise settle a refund before the trigger makes it ABNORMAL or CLOSED.
  c = await startNotifyCluster({ instances: 1, mode: "next", sim: { refundDelayMs: -1 } });
  const key = async (livemode: boolean, scopes: string[]) => {
    const secret = generateApiKeySecret(livemode ? "live" : "test");
    await c!.db.apiKey.create({
      data: {
        livemode,
        name: "trigger test",
        scopes,
        ...describeSecret(secret),
        secretHash: hashApiKeySecret(secret),
        createdBy: "test",
      },
    });
    return secret;
  };
  keys.test = await key(false, ["checkout:write", "events:read"]);
  keys.live = await key(true, ["checkout:write", "events:read"]);
  keys.readOnly = await key(false, ["events:read"]);
}, 120_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

async function api<T>(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${c!.urls[0]}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: (await res.json()) as T };
}

interface Triggered {
  type: TriggerType;
  checkoutSessionId: string;
  orderNo: string;
  outTradeNo?: string;
  outRefundNo?: string;
}

const trigger = (type: string, key = keys.test) =>
  api<Triggered & { error?: { code: string } }>("POST", "/api/v1/test/trigger", key, { type });

/** Every event the test key can list (oldest first). */
async function allEvents(): Promise<EventObject[]> {
  const out: EventObject[] = [];
  for (let after: string | undefined; ;) {
    const page = await api<{ data: EventObject[]; hasMore: boolean }>(
      "GET",
      `/api/v1/events?limit=100${after ? `&after=${after}` : ""}`,
      keys.test,
    );
    expect(page.status).toBe(200);
    out.push(...page.data.data);
    if (!page.data.hasMore) return out;
    after = page.data.data.at(-1)!.id;
  }
}

async function until<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Once the app has answered 2xx to every notification the simulator sent, nothing more is on its way. */
const simulatorQuiet = () =>
  until("every notification delivered", async () => {
    const res = await fetch(`${c!.sim.url}/_sim/deliveries`);
    const list = (await res.json()) as { status: string }[];
    return list.every((n) => n.status === "delivered") ? true : null;
  });

const ofOrder = (events: EventObject[], orderNo: string, type: string) =>
  events.filter((e) => e.type === type && "orderNo" in e.data.object && e.data.object.orderNo === orderNo);

describe("POST /api/v1/test/trigger through the built app", () => {
  it("every event type: exactly one such event for the trigger's objects, through the real pipeline", async (ctx) => {
    if (!c) return ctx.skip();
    const t0 = Date.now();
    // payment.flagged injects a fault on the simulator's close endpoint: alone, so no other close meets it.
    const flagged = await trigger("payment.flagged");
    const rest = await Promise.all(TRIGGER_TYPES.filter((t) => t !== "payment.flagged").map((t) => trigger(t)));
    const results = [flagged, ...rest];
    for (const r of results) {
      expect(r.status, JSON.stringify(r.data)).toBe(200);
      expect(r.data.checkoutSessionId).toMatch(/^cs_/);
      expect(r.data.outTradeNo).toEqual(expect.any(String));
      expect(r.data.outRefundNo !== undefined).toBe(r.data.type.startsWith("refund."));
    }
    expect(results.map((r) => r.data.type).sort()).toEqual([...TRIGGER_TYPES].sort());

    const expected = results.map((r) => r.data);
    await until("every triggered event", async () => {
      const events = await allEvents();
      return expected.every((t) => ofOrder(events, t.orderNo, t.type).length > 0) ? true : null;
    });
    await simulatorQuiet();
    const events = await allEvents();
    for (const t of expected) {
      const mine = ofOrder(events, t.orderNo, t.type);
      expect(mine, `${t.type}: ${JSON.stringify(mine.map((e) => e.id))}`).toHaveLength(1);
      expect(mine[0]!.livemode).toBe(false);
      expect(mine[0]!.data.object.livemode).toBe(false);
    }
    const byType = Object.fromEntries(expected.map((t) => [t.type, t]));
    const flag = ofOrder(events, byType["payment.flagged"]!.orderNo, "payment.flagged")[0]!;
    expect(flag.data).toMatchObject({ reason: "DOUBLE_PAYMENT", outTradeNo: byType["payment.flagged"]!.outTradeNo });
    for (const [type, status] of [
      ["refund.succeeded", "SUCCESS"],
      ["refund.failed", "CLOSED"],
      ["refund.abnormal", "ABNORMAL"],
    ] as const) {
      const e = ofOrder(events, byType[type]!.orderNo, type)[0]!;
      expect(e.data.object).toMatchObject({ outRefundNo: byType[type]!.outRefundNo, status });
    }
    // A notification-borne event came from a notification the app verified, not from a direct write.
    const completed = await c.db.paymentEvent.findMany({
      where: { payment: { outTradeNo: byType["checkout.session.completed"]!.outTradeNo }, type: "STATE_CHANGED" },
      select: { detail: true },
    });
    expect(completed.map((e) => (e.detail as { source: string }).source)).toEqual(["notification"]);
    console.log(`triggers: ${Date.now() - t0} ms for ${TRIGGER_TYPES.length} types`);
  });

  it("a live key is 403 LIVEMODE_MISMATCH, a key without checkout:write 403, a bad type 400: nothing is created", async (ctx) => {
    if (!c) return ctx.skip();
    const before = await c.db.order.count();
    const live = await trigger("payment.succeeded", keys.live);
    expect(live.status).toBe(403);
    expect(live.data.error?.code).toBe("LIVEMODE_MISMATCH");
    const scope = await trigger("payment.succeeded", keys.readOnly);
    expect(scope.status).toBe(403);
    for (const type of ["ping", "payment.paid", ""]) {
      const r = await trigger(type);
      expect(r.status, type).toBe(400);
      expect(r.data.error?.code).toBe("VALIDATION_ERROR");
    }
    expect(await c.db.order.count()).toBe(before);
  });

  it("npm run sim -- trigger calls the running app, and lists every type", async (ctx) => {
    for (const type of TRIGGER_TYPES) expect(USAGE).toContain(type);
    if (!c) return ctx.skip();
    const run = promisify(execFile);
    const r = await run(process.execPath, ["--import", "tsx", "simulator/cli.ts", "trigger", "refund.created"], {
      env: { ...process.env, APP_URL: c.urls[0], TEST_API_KEY: keys.test },
      timeout: 15_000,
    });
    const out = JSON.parse(r.stdout) as Triggered;
    expect(out).toMatchObject({ type: "refund.created", outRefundNo: expect.any(String) });
    // refund.created is committed with the refund itself, before the command returns; the list shows
    // it once no older transaction is running anywhere on the server (lib/event-objects/list-events.ts),
    // which other suites' transactions can delay for a moment.
    await expect
      .poll(async () => ofOrder(await allEvents(), out.orderNo, "refund.created").length, { timeout: 15_000 })
      .toBe(1);
  });
});
