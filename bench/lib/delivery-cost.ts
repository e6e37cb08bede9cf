// What one webhook delivery costs in CPU, on each side, measured in one process so the machine's
// other load cannot blur it: rounds of the delivery engine (fan-out, claim, render, sign, POST,
// record, endpoint health: exactly runDeliveryRound's steps) run here against a fresh PostgreSQL
// schema, and POST to a verifying receiver in its own process (bench/lib/receiver-process.ts).
// CPU is this process's cpuUsage per step and the receiver's /proc time, per delivery. Variants
// alternate in the same run: batch sizes (a round's fixed cost shared by its deliveries), and a
// receiver advertising `Keep-Alive: timeout=1` against one keeping connections 5 s (Node's
// client then opens a connection per delivery; see bench/notes/webhooks.md).
//   NODE_ENV=production npx tsx bench/lib/delivery-cost.ts   (PostgreSQL at TEST_DATABASE_URL; ~1 min)
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { poolRunner } from "../../lib/db/hot-sql";
import { parsePostgresUrl } from "../../lib/db/postgres-url";
import { renderEvents } from "../../lib/event-objects/event-object";
import { newEventId } from "../../lib/events/event-id";
import { randomBase62 } from "../../lib/ids/random-base62";
import { claimDeliveries } from "../../lib/webhooks/delivery/claim-deliveries";
import { deliverClaimed } from "../../lib/webhooks/delivery/deliver";
import { fanOutEvents } from "../../lib/webhooks/delivery/fan-out";
import { createPostWebhook } from "../../lib/webhooks/delivery/post-webhook";
import { openMigratedDb } from "../../tests/helpers/migrated-db";
import { processCpuSeconds } from "./process-cpu";
import { startReceiverProcess, type ReceiverProcess } from "./receiver-process";

const DELIVERIES_PER_VARIANT = Number(process.env.BENCH_DELIVERIES ?? 1000);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main() {
  const m = await openMigratedDb("postgres");
  if (!m) throw new Error("PostgreSQL is not reachable (TEST_DATABASE_URL)");
  const { db } = m;
  const pool = new pg.Pool({ connectionString: parsePostgresUrl(m.engine.url!).connectionString, max: 4 });
  const sql = poolRunner(pool);
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const receivers: Record<string, ReceiverProcess> = {
    "keep-alive 5 s": await startReceiverProcess([secret], 5000),
    "keep-alive 1 s": await startReceiverProcess([secret], 1000),
  };
  const endpoints: Record<string, string> = {};
  for (const [name, rx] of Object.entries(receivers)) {
    const e = await db.webhookEndpoint.create({
      data: { id: `we_${randomBase62(24)}`, url: rx.url, events: ["*"], livemode: false, secret, createdBy: "bench" },
    });
    endpoints[name] = e.id;
  }
  const post = createPostWebhook({ allowPrivate: false, allowLoopback: true, timeoutMs: 10_000 });
  const ctx = { db, sql, appUrl: "http://localhost:3000", post, retryScale: 1, concurrency: 16 };

  const variants = [
    ...[5, 20, 100].map((batch) => ({ batch, receiver: "keep-alive 5 s" })),
    { batch: 100, receiver: "keep-alive 1 s" },
  ];
  console.log(
    `CPU ms per delivery (this process = the app's side; receiver = its process) · ${DELIVERIES_PER_VARIANT} deliveries per variant per pass`,
  );
  console.log(
    "| pass | batch | receiver | fan-out | claim | render | sign+POST+record+health | app total | receiver |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (let pass = 1; pass <= 2; pass++) {
    for (const v of variants) {
      // Only this variant's endpoint is enabled: its fan-out makes one delivery per event.
      for (const [name, id] of Object.entries(endpoints))
        await db.webhookEndpoint.update({ where: { id }, data: { enabled: name === v.receiver } });
      const rx = receivers[v.receiver]!;
      const t = { fan: 0, claim: 0, render: 0, deliver: 0 };
      const rxBefore = processCpuSeconds(rx.pid);
      let delivered = 0;
      while (delivered < DELIVERIES_PER_VARIANT) {
        const orders = Array.from({ length: v.batch }, () => ({
          id: randomUUID(),
          orderNo: `DC-${randomBase62(12)}`,
          totalFen: 100,
          description: "cost",
          livemode: false,
        }));
        await db.order.createMany({ data: orders });
        await db.event.createMany({
          data: orders.map((o) => ({ id: newEventId(), type: "payment.succeeded", orderId: o.id, livemode: false })),
        });
        let at = cpuMs();
        const lap = (k: keyof typeof t) => {
          const now = cpuMs();
          t[k] += now - at;
          at = now;
        };
        await fanOutEvents(sql, { limit: v.batch, now: new Date() });
        lap("fan");
        const claimed = await claimDeliveries(sql, { limit: v.batch, now: new Date(), leaseSeconds: 60 });
        lap("claim");
        // deliverClaimed renders again itself; this lap only shows what rendering costs.
        await renderEvents(
          db,
          claimed.map((c) => c.event),
          ctx.appUrl,
        );
        lap("render");
        const r = await deliverClaimed({ ...ctx, leaseMs: 60_000, timeoutMs: 10_000 }, claimed);
        lap("deliver");
        if (r.delivered !== claimed.length) throw new Error(`only ${r.delivered} of ${claimed.length} delivered`);
        delivered += r.delivered;
      }
      const per = (ms: number) => (ms / delivered).toFixed(3);
      const rxMs = (processCpuSeconds(rx.pid) - rxBefore) * 1000;
      console.log(
        `| ${pass} | ${v.batch} | ${v.receiver} | ${per(t.fan)} | ${per(t.claim)} | ${per(t.render)} | ${per(t.deliver)} | ${per(t.fan + t.claim + t.deliver)} | ${per(rxMs)} |`,
      );
    }
  }
  for (const rx of Object.values(receivers)) await rx.close();
  await pool.end();
  await m.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
