// Upstream faults during checkout: the simulator fails 30% of WeChat Pay calls (500, 429, a
// timeout after processing, a dropped connection after processing) while 200 shoppers check
// out; half of those who get a QR pay. Then the background worker sweeps (faults still on).
// Pass when: no order is charged twice, no payment is left PENDING, every trade WeChat Pay took
// is PAID here, and every shopper who hit a fault got the clear 503 message, never a 500.
import { seed } from "@/lib/seed/seed";
import { loadConfig } from "@/lib/config";
import { startNotifyCluster } from "@/scripts/notify-cluster";
import type { ScenarioResult } from "./vitest-scenario";

const SHOPPERS = Number(process.env.RESILIENCE_SHOPPERS ?? 200);
const CONCURRENCY = 10;
const WINDOW_S = 60;

interface Outcome {
  orderNo: string;
  codeUrl?: string;
  outTradeNo?: string;
  errors: { status: number; code: string }[];
}

/** A shopper's order and Native prepay while WeChat Pay refuses every order, then the page. */
async function shopperDuringOutage(app: string, productId: string): Promise<{ seen: string; problems: string[] }> {
  const headers = { "Content-Type": "application/json", "X-Forwarded-For": "10.78.0.1" };
  const order = await fetch(`${app}/api/v1/orders`, {
    method: "POST",
    headers,
    body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
  });
  if (order.status !== 201) return { seen: "no order", problems: [`outage order creation answered ${order.status}`] };
  const { orderNo } = (await order.json()) as { orderNo: string };
  const problems: string[] = [];
  const res = await fetch(`${app}/api/v1/payments/wechat/native`, {
    method: "POST",
    headers,
    body: JSON.stringify({ orderNo }),
  });
  const code = ((await res.json()) as { error?: { code: string } }).error?.code ?? "none";
  if (res.status !== 503 || code !== "UPSTREAM_UNAVAILABLE")
    problems.push(`during the outage the API answered ${res.status} ${code}, not 503 UPSTREAM_UNAVAILABLE`);
  const html = await (await fetch(`${app}/orders/${orderNo}`, { headers: { "Accept-Language": "zh-CN" } })).text();
  const message = html.includes("支付服务暂时不可用");
  if (!message) problems.push("the payment page does not show the upstream message while WeChat Pay fails");
  return { seen: `${res.status} ${code}, page message shown: ${message}`, problems };
}

export async function upstreamFaults(): Promise<ScenarioResult> {
  const started = Date.now();
  const cluster = await startNotifyCluster({
    instances: 1,
    sim: { faultTimeoutMs: 4000 },
    env: {
      WORKER_DISABLED: "0",
      WORKER_INTERVAL_MS: "1000",
      WORKER_QUERY_SCHEDULE_S: "2",
      WORKER_QUERY_EVERY_S: "2",
      WECHAT_TIMEOUT_MS: "1500",
      PAYMENT_WINDOW_SECONDS: String(WINDOW_S),
    },
  });
  const problems: string[] = [];
  try {
    const { db, sim } = cluster;
    const app = cluster.urls[0]!;
    await seed(db, loadConfig({}));
    const products = await db.product.findMany({ where: { active: true } });
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sim.url}${path}`, {
        method,
        headers: { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const [kind, phase] of [
      ["error500", "before"],
      ["error429", "before"],
      ["timeout", "after"],
      ["drop", "after"],
    ] as const) {
      const res = await control("POST", "/_sim/faults", { endpoint: "*", kind, phase, rate: 0.075 });
      if (!res.ok) throw new Error(`could not inject ${kind}: ${res.status}`);
    }

    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SHOPPERS) {
          const i = next++;
          // Each shopper has their own address: the per-client order limit is not under test.
          const headers = { "Content-Type": "application/json", "X-Forwarded-For": `10.77.${i >> 8}.${i & 255}` };
          const product = products[i % products.length]!;
          const order = await fetch(`${app}/api/v1/orders`, {
            method: "POST",
            headers,
            body: JSON.stringify({ items: [{ productId: product.id, quantity: 1 }] }),
          });
          if (order.status !== 201) {
            problems.push(`order creation answered ${order.status}`);
            continue;
          }
          const { orderNo } = (await order.json()) as { orderNo: string };
          const o: Outcome = { orderNo, errors: [] };
          // A shopper who sees the error taps "retry" up to three times.
          for (let attempt = 0; attempt < 4 && !o.codeUrl; attempt++) {
            const res = await fetch(`${app}/api/v1/payments/wechat/native`, {
              method: "POST",
              headers,
              body: JSON.stringify({ orderNo }),
            });
            const body = (await res.json()) as { codeUrl?: string; outTradeNo?: string; error?: { code: string } };
            if (res.ok) Object.assign(o, { codeUrl: body.codeUrl, outTradeNo: body.outTradeNo });
            else o.errors.push({ status: res.status, code: body.error?.code ?? "?" });
          }
          outcomes.push(o);
          // Half of the shoppers with a QR scan and pay it.
          if (o.outTradeNo && i % 2 === 0) {
            const paid = await control("POST", `/_sim/orders/${encodeURIComponent(o.outTradeNo)}/pay`);
            if (!paid.ok) problems.push(`simulator refused to pay ${o.outTradeNo}: ${paid.status}`);
          }
        }
      }),
    );

    const faulted = ((await (await control("GET", "/_sim/faults")).json()) as { hits: number }[]).reduce(
      (n, f) => n + f.hits,
      0,
    );
    // One more shopper always meets an outage (the random faults may spare all 200): WeChat Pay
    // refuses every Native order, so the API must answer 503 UPSTREAM_UNAVAILABLE and the page
    // must say so. These checks run on every run.
    await control("POST", "/_sim/faults", { endpoint: "native", kind: "error500", phase: "before", rate: 1 });
    const outage = await shopperDuringOutage(app, products[0]!.id);
    problems.push(...outage.problems);
    await control("DELETE", "/_sim/faults?endpoint=native");
    for (const [kind, phase] of [
      ["error500", "before"],
      ["timeout", "after"],
    ] as const) {
      await control("POST", "/_sim/faults", { endpoint: "native", kind, phase, rate: 0.15 });
    }

    // The sweep: the worker queries quiet payments and closes expired ones, faults still on.
    const deadline = Date.now() + (WINDOW_S + 90) * 1000;
    let pending = Infinity;
    while (Date.now() < deadline) {
      pending = await db.paymentAttempt.count({ where: { status: "PENDING" } });
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await control("DELETE", "/_sim/faults");

    const trades = (await (await control("GET", "/_sim/orders")).json()) as {
      out_trade_no: string;
      trade_state: string;
    }[];
    const local = await db.paymentAttempt.findMany({
      select: { outTradeNo: true, status: true, order: { select: { orderNo: true } } },
    });
    const byTrade = new Map(local.map((p) => [p.outTradeNo, p]));
    const chargedPerOrder = new Map<string, number>();
    let lost = 0;
    for (const t of trades) {
      if (!["SUCCESS", "REFUND"].includes(t.trade_state)) continue;
      const p = byTrade.get(t.out_trade_no);
      if (!p || p.status !== "PAID") lost++;
      const orderNo = p?.order.orderNo ?? `unknown:${t.out_trade_no}`;
      chargedPerOrder.set(orderNo, (chargedPerOrder.get(orderNo) ?? 0) + 1);
    }
    const doubleCharged = [...chargedPerOrder.values()].filter((n) => n > 1).length;
    const errors = outcomes.flatMap((o) => o.errors);
    const unclear = errors.filter((e) => e.status !== 503 || e.code !== "UPSTREAM_UNAVAILABLE");
    const served = outcomes.filter((o) => o.codeUrl).length;
    const paid = [...chargedPerOrder.values()].reduce((a, b) => a + b, 0);

    if (doubleCharged) problems.push(`${doubleCharged} orders charged twice`);
    if (pending) problems.push(`${pending} payments still PENDING after the sweep`);
    if (lost) problems.push(`${lost} trades WeChat Pay took are not PAID here`);
    if (unclear.length)
      problems.push(
        `${unclear.length} fault answers were not 503 UPSTREAM_UNAVAILABLE (${[...new Set(unclear.map((e) => `${e.status} ${e.code}`))].join(", ")})`,
      );
    if (faulted === 0) problems.push("no WeChat Pay call faulted: the injection did not take effect");
    const detail =
      `${outcomes.length} checkouts, ${faulted} WeChat Pay calls faulted, ${errors.length} reached a shopper after retries (all 503 UPSTREAM_UNAVAILABLE: ${unclear.length === 0}), ` +
      `the shopper during the outage: ${outage.seen}, ` +
      `${served} got a QR, ${paid} paid, 0 charged twice: ${doubleCharged === 0}, pending after sweep: ${pending}, lost: ${lost}`;
    return {
      name: `upstream faults (30%) during ${SHOPPERS} checkouts`,
      against: `${cluster.mode === "next" ? "built app (`next start`)" : "stand-in server"} + its worker, simulator with faults, PostgreSQL`,
      passed: problems.length === 0,
      detail: problems.length ? `${problems.join("; ")} — ${detail}` : detail,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await cluster.stop();
  }
}
