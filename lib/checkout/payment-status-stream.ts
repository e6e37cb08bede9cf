import type { ServerResponse } from "node:http";
import type { DatabaseConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { ensureListening, ensureSweeper, subscribePaymentStatus } from "@/lib/payments/status-push/payment-status-hub";
import { registerOpenStream, unregisterOpenStream, type OpenStream } from "./open-status-streams";
import { readPaymentStatus, type PaymentStatusView } from "./payment-status";

/** The stream also ends this long after the attempt expired (the page has its own countdown). */
const AFTER_EXPIRY_MS = 2 * 60_000;

export const STATUS_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: no compression (it would hold events back); X-Accel-Buffering: nginx.
  "Cache-Control": "no-store, no-transform",
  "X-Accel-Buffering": "no",
} as const;

/** Where a stream's bytes go: the route's Node response (the first write sends its headers). */
export interface EventSink {
  write(text: string): void;
  end(): void;
}

/** Nothing more can happen that the payment page waits for. */
export const isTerminal = (v: PaymentStatusView) => v.status !== "PENDING" || v.orderStatus !== "PENDING";

const frame = (v: PaymentStatusView) => `event: status\ndata: ${JSON.stringify(v)}\n\n`;
const keyOf = (v: PaymentStatusView) => `${v.status}/${v.orderStatus}`;

/**
 * One open stream: a plain object with methods (no per-stream closures or timers; heartbeat,
 * lifetime and shutdown come from open-status-streams' one timer and one listener). Wakes are
 * hints: re-read, send on change; one read at a time, a wake during it re-reads once.
 */
class PaymentStatusStream implements OpenStream {
  private open = true;
  private reading = false;
  private again = false;
  private unsubscribe: () => void = () => {};
  private last: string;

  constructor(
    private readonly db: Db,
    private readonly outTradeNo: string,
    private readonly sink: EventSink,
    first: PaymentStatusView,
    readonly endsAt: number,
  ) {
    this.last = keyOf(first);
  }

  start(first: PaymentStatusView): void {
    this.send(`retry: 3000\n\n${frame(first)}`);
    if (isTerminal(first) || !registerOpenStream(this)) return this.close();
    this.unsubscribe = subscribePaymentStatus(this.outTradeNo, () => void this.wake());
    // A transition may have committed between ensureListening and the subscription.
    void this.wake();
  }

  heartbeat(): void {
    this.send(": ping\n\n");
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.unsubscribe();
    unregisterOpenStream(this);
    try {
      this.sink.end();
    } catch {
      // the client already went away
    }
  }

  private send(text: string): void {
    if (!this.open) return;
    try {
      this.sink.write(text);
    } catch {
      this.close();
    }
  }

  private async wake(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const v = await readPaymentStatus(this.db, this.outTradeNo);
        const key = keyOf(v);
        if (key !== this.last) {
          this.last = key;
          this.send(frame(v));
        }
        if (isTerminal(v)) return this.close();
      } while (this.again && this.open);
    } catch {
      this.close(); // the page falls back to polling
    } finally {
      this.reading = false;
    }
  }
}

/**
 * `GET payments/wechat/payment/:outTradeNo/events`: the status read as server-sent events,
 * written to `sink`. The first event is the current status, sent at once (the page takes a
 * stream whose first event is late for a buffering proxy and polls instead); then one event per
 * change, woken by this process's hub (PostgreSQL LISTEN: a transition committed by any
 * instance; PGlite: in-process), and the stream ends after a terminal state, at its lifetime
 * cap, or when the process shuts down. The LISTEN is in place before the first read, so a
 * transition between the read and the subscription cannot be missed; a lost NOTIFY is caught by
 * the hub's sweep (one query per SWEEP_MS for all open streams). Unknown payment: throws (404)
 * before anything is written, like the plain status read. The caller calls `close()` when the
 * client goes away.
 */
export async function openPaymentStatusStream(
  deps: { db: Db; database: DatabaseConfig },
  outTradeNo: string,
  sink: EventSink,
): Promise<{ close(): void }> {
  if (deps.database.kind === "postgres") await ensureListening(deps.database.url);
  ensureSweeper(async (nos) => {
    const rows = await deps.db.$queryRaw<{ no: string }[]>`
      SELECT pa.out_trade_no AS no FROM payment_attempts pa JOIN orders o ON o.id = pa.order_id
      WHERE pa.out_trade_no = ANY(${nos}::text[]) AND (pa.status <> 'PENDING' OR o.status <> 'PENDING')`;
    return rows.map((r) => r.no);
  });
  const first = await readPaymentStatus(deps.db, outTradeNo);
  const endsAt = Date.parse(first.expiresAt) + AFTER_EXPIRY_MS;
  const stream = new PaymentStatusStream(deps.db, outTradeNo, sink, first, endsAt);
  stream.start(first);
  return stream;
}

/** A sink writing to Node's response: the Pages API route and scripts/notify-instance.ts. */
export function serverResponseSink(res: ServerResponse): EventSink {
  return {
    write(text) {
      if (!res.headersSent) res.writeHead(200, STATUS_STREAM_HEADERS);
      res.write(text);
    },
    end() {
      res.end();
    },
  };
}
