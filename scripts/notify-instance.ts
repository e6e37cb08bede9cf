// A bare Node HTTP server around the real notify handler, the active-query path and the payment
// status stream, one Prisma
// pool per process. scripts/notify-cluster.ts uses it as the "app instance" when no production
// build with the notify route is available (CLUSTER_MODE=node); the handler code is the same
// one app/api/v1/payments/wechat/notify/route.ts exports, and the worker and the webhook
// delivery loop start as instrumentation.ts starts them.
import http from "node:http";
import { openPaymentStatusStream, serverResponseSink } from "@/lib/checkout/payment-status-stream";
import { getConfig, resolveWechatCredentials } from "@/lib/config";
import { errorResponse } from "@/lib/http/error-response";
import { createPrisma } from "@/lib/db/create-prisma";
import { createNotifyHandler } from "@/lib/payments/notifications/create-notify-handler";
import { getNotifySql } from "@/lib/payments/notifications/notify-sql-pool";
import { syncPayment } from "@/lib/payments/sync-payment";
import { createWechatContext } from "@/lib/payments/wechat-context";
import { getHotSql } from "@/lib/db/hot-sql";
import { startDeliveryLoop } from "@/lib/webhooks/delivery/delivery-loop";
import { deliverySettings } from "@/lib/webhooks/delivery/delivery-settings";
import { startWorker } from "@/lib/worker/start-worker";
import { workerSettings } from "@/lib/worker/worker-settings";

async function main() {
  const config = getConfig();
  const db = await createPrisma(config.database);
  const wechat = createWechatContext(resolveWechatCredentials(config.wechat));
  // As instrumentation.ts does inside `next start`.
  if (config.worker.enabled) {
    startWorker({ getDb: async () => db, contexts: () => [wechat] }, workerSettings(config));
    startDeliveryLoop({ getDb: async () => db, sql: getHotSql(config.database) }, deliverySettings(config), console);
  }
  const notify = createNotifyHandler({ getDb: async () => db, getWechat: () => wechat, getSql: getNotifySql });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        let response: Response;
        try {
          if (req.method === "POST" && url.pathname === "/api/v1/payments/wechat/notify") {
            const headers = new Headers();
            for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
            response = await notify(new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) }));
          } else if (req.method === "GET" && url.pathname.startsWith("/api/v1/payments/wechat/query/")) {
            const outTradeNo = decodeURIComponent(url.pathname.split("/").pop() ?? "");
            await syncPayment(db, wechat, outTradeNo);
            const p = await db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo }, select: { status: true } });
            response = Response.json({ outTradeNo, status: p.status });
          } else if (
            req.method === "GET" &&
            /^\/api\/v1\/payments\/wechat\/payment\/[^/]+\/events$/.test(url.pathname)
          ) {
            // The status stream, as its route serves it (pages/api/v1/…/[outTradeNo]/events.ts).
            const outTradeNo = decodeURIComponent(url.pathname.split("/").at(-2) ?? "");
            try {
              const stream = await openPaymentStatusStream(
                { db, database: config.database },
                outTradeNo,
                serverResponseSink(res),
              );
              if (res.destroyed) stream.close();
              else res.once("close", () => stream.close());
              return;
            } catch (err) {
              response = errorResponse(err);
            }
          } else if (url.pathname === "/api/health") {
            response = Response.json({ ok: true });
          } else {
            response = new Response("not found", { status: 404 });
          }
        } catch (err) {
          console.error(err);
          response = Response.json({ error: "internal" }, { status: 500 });
        }
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  const port = Number(process.env.PORT ?? 3000);
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => console.log(`notify instance on ${port}`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
