import type { DatabaseConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { ensureListening, ensureSweeper, subscribePaymentStatus } from "@/lib/payments/status-push/payment-status-hub";
import { shutdownSignal } from "@/lib/lifecycle/shutdown-state";
import { readPaymentStatus, type PaymentStatusView } from "./payment-status";

/** A comment line this often keeps proxies and the browser from timing the stream out. */
const HEARTBEAT_MS = 15_000;
/** The stream also ends this long after the attempt expired (the page has its own countdown). */
const AFTER_EXPIRY_MS = 2 * 60_000;

/** Nothing more can happen that the payment page waits for. */
export const isTerminal = (v: PaymentStatusView) => v.status !== "PENDING" || v.orderStatus !== "PENDING";

const encoder = new TextEncoder();
const frame = (v: PaymentStatusView) => encoder.encode(`event: status\ndata: ${JSON.stringify(v)}\n\n`);

/**
 * `GET payments/wechat/payment/:outTradeNo/events`: the status read as server-sent events. The
 * first event is the current status, sent at once (the page takes a stream whose first event is
 * late for a buffering proxy and polls instead); then one event per change, woken by this
 * process's hub (PostgreSQL LISTEN: a transition committed by any instance; PGlite: in-process),
 * and the stream ends after a terminal state. The LISTEN is in place before the first read, so a
 * transition between the read and the subscription cannot be missed; a lost NOTIFY is caught by
 * the hub's sweep (one query per SWEEP_MS for all open streams). Unknown payment: 404
 * before any streaming (thrown, like the plain status read).
 */
export async function paymentStatusEvents(
  deps: { db: Db; database: DatabaseConfig },
  outTradeNo: string,
  signal?: AbortSignal,
): Promise<Response> {
  if (deps.database.kind === "postgres") await ensureListening(deps.database.url);
  ensureSweeper(async (nos) => {
    const rows = await deps.db.$queryRaw<{ no: string }[]>`
      SELECT pa.out_trade_no AS no FROM payment_attempts pa JOIN orders o ON o.id = pa.order_id
      WHERE pa.out_trade_no = ANY(${nos}::text[]) AND (pa.status <> 'PENDING' OR o.status <> 'PENDING')`;
    return rows.map((r) => r.no);
  });
  const first = await readPaymentStatus(deps.db, outTradeNo);
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = `${first.status}/${first.orderStatus}`;
      let open = true;
      let reading = false;
      let again = false;
      const close = () => {
        if (!open) return;
        open = false;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      const send = (bytes: Uint8Array) => {
        if (!open) return;
        try {
          controller.enqueue(bytes);
        } catch {
          close();
        }
      };
      // Wakes are hints: re-read, send on change; one read at a time, a wake during it re-reads once.
      const wake = async () => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            const v = await readPaymentStatus(deps.db, outTradeNo);
            const key = `${v.status}/${v.orderStatus}`;
            if (key !== last) {
              last = key;
              send(frame(v));
            }
            if (isTerminal(v)) return close();
          } while (again && open);
        } catch {
          close(); // the page falls back to polling
        } finally {
          reading = false;
        }
      };
      const unsubscribe = subscribePaymentStatus(outTradeNo, () => void wake());
      const heartbeat = setInterval(() => send(encoder.encode(": ping\n\n")), HEARTBEAT_MS);
      const untilMs = Math.max(0, Date.parse(first.expiresAt) - Date.now()) + AFTER_EXPIRY_MS;
      const lifetime = setTimeout(close, Math.min(untilMs, 2 ** 31 - 1));
      heartbeat.unref?.();
      lifetime.unref?.();
      const onAbort = () => close();
      signal?.addEventListener("abort", onAbort);
      // A shutting-down process ends its streams (they would hold the drain up); the page falls
      // back to polling, which the load balancer sends elsewhere.
      const stopping = shutdownSignal();
      stopping.addEventListener("abort", onAbort);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        signal?.removeEventListener("abort", onAbort);
        stopping.removeEventListener("abort", onAbort);
      };
      send(encoder.encode("retry: 3000\n\n"));
      send(frame(first));
      if (isTerminal(first) || stopping.aborted) close();
      // A transition may have committed between ensureListening and the subscription above.
      else void wake();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: no compression, which would hold events back; X-Accel-Buffering: nginx.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
