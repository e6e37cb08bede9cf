// Fans "this payment changed" out to the status streams open in this process. One hub per
// process, kept on globalThis (Next bundles each route and instrumentation with its own copy of
// this module). On PostgreSQL the hub holds ONE `LISTEN` connection for the whole process, so a
// transition committed by any instance (its NOTIFY) reaches every instance's open streams; it is
// opened with the first subscriber and re-opened after an error. Every wake is only a hint: a
// stream re-reads the stored status, so duplicates cost one indexed read and a wake lost while
// the connection was down is covered by waking everyone once it is back, and by a sweep.
import pg from "pg";
import { parsePostgresUrl } from "@/lib/db/postgres-url";
import { getLogger } from "@/lib/observability/logger";

/** The NOTIFY channel; the payload is the out_trade_no. */
const PAYMENT_STATUS_CHANNEL = "wxpay_payment_status";

type Listener = () => void;
/** Runs one statement (lib/db/hot-sql's SqlRunner shape, repeated here to keep this file free of app imports). */
type Runner = (name: string, text: string, values: unknown[]) => Promise<unknown[]>;

interface Hub {
  sweeper: ((outTradeNos: string[]) => Promise<string[]>) | null;
  sweepTimer: NodeJS.Timeout | null;
  byTradeNo: Map<string, Set<Listener>>;
  listenUrl: string | null;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retry: NodeJS.Timeout | null;
}

const KEY = Symbol.for("wxpay.paymentStatusHub");
const hub = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  sweeper: null,
  sweepTimer: null,
  byTradeNo: new Map(),
  listenUrl: null,
  client: null,
  connecting: null,
  retry: null,
} satisfies Hub) as Hub;

/** How often the open streams' payments are re-read in one query, in case a NOTIFY was lost. */
export const SWEEP_MS = 15_000;

/**
 * Installs the safety net (once per process): every SWEEP_MS, one query finds which of the
 * payments with open streams are no longer pending, and wakes those streams. It covers what the
 * push cannot promise: a NOTIFY lost because its process died between commit and sending, or
 * sent while this process's LISTEN connection was down.
 */
export function ensureSweeper(sweep: (outTradeNos: string[]) => Promise<string[]>): void {
  hub.sweeper ??= sweep;
  if (hub.sweepTimer) return;
  hub.sweepTimer = setInterval(() => {
    const nos = [...hub.byTradeNo.keys()];
    if (nos.length === 0 || !hub.sweeper) return;
    hub.sweeper(nos).then(
      (settled) => settled.forEach(paymentStatusChanged),
      (err: unknown) => getLogger("status-push").warn({ err }, "payment status: sweep failed"),
    );
  }, SWEEP_MS);
  hub.sweepTimer.unref();
}

type Batch = { pending: Set<string>; flushing: boolean; timer: NodeJS.Timeout | null };
const batches = new WeakMap<Runner, Batch>();

/**
 * Transitions committed within this window share one NOTIFY statement. Sent back to back, the
 * batches held one or two payments each at ingest rates, so the NOTIFY cost a pool round trip
 * per notification (bench:notify: SQL was the notify route's largest own cost). This process's
 * streams are woken at once regardless; only other instances' wait grows, by ≤ this.
 */
export const NOTIFY_COALESCE_MS = 10;

/**
 * After a transition COMMITTED: wakes this process's streams now and NOTIFYs the other
 * instances. The NOTIFYs are batched per runner (one `pg_notify … FROM unnest($1)` for all
 * transitions that committed while the previous batch was in flight) and sent outside the
 * transition's transaction: PostgreSQL serialises the commits of notifying transactions (one
 * global queue lock held through commit), which would put every notification's commit in
 * single file. A NOTIFY lost here (crash, error) is caught by the sweep (ensureSweeper).
 */
export function announcePaymentStatus(run: Runner | null, outTradeNo: string): void {
  paymentStatusChanged(outTradeNo);
  if (!run) return;
  let b = batches.get(run);
  if (!b) batches.set(run, (b = { pending: new Set(), flushing: false, timer: null }));
  b.pending.add(outTradeNo);
  schedule(run, b);
}

function schedule(run: Runner, b: Batch): void {
  if (b.flushing || b.timer || b.pending.size === 0) return;
  b.timer = setTimeout(() => {
    b.timer = null;
    flush(run, b);
  }, NOTIFY_COALESCE_MS);
  // A NOTIFY lost to the process ending is what the sweep is for.
  b.timer.unref();
}

function flush(run: Runner, b: Batch): void {
  if (b.pending.size === 0) return;
  const nos = [...b.pending];
  b.pending.clear();
  b.flushing = true;
  run(
    "payment_status_notify",
    `SELECT count(pg_notify('${PAYMENT_STATUS_CHANNEL}', no))::int AS n FROM unnest($1::text[]) AS no`,
    [nos],
  )
    .catch((err: unknown) => getLogger("status-push").warn({ err }, "payment status: NOTIFY failed"))
    .finally(() => {
      b.flushing = false;
      schedule(run, b);
    });
}

/** Wakes this process's streams of `outTradeNo` (the in-process path; PGlite's only one). */
function paymentStatusChanged(outTradeNo: string): void {
  const set = hub.byTradeNo.get(outTradeNo);
  if (set) for (const l of [...set]) l();
}

function wakeAll(): void {
  for (const set of hub.byTradeNo.values()) for (const l of [...set]) l();
}

/** Returns the unsubscribe function. */
export function subscribePaymentStatus(outTradeNo: string, listener: Listener): () => void {
  let set = hub.byTradeNo.get(outTradeNo);
  if (!set) hub.byTradeNo.set(outTradeNo, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && hub.byTradeNo.get(outTradeNo) === set) hub.byTradeNo.delete(outTradeNo);
  };
}

/**
 * PostgreSQL: makes sure this process LISTENs (one connection, shared by all streams). Resolves
 * once the LISTEN is in place, so a stream that reads the status after this cannot miss a
 * transition committed after its read. Rejects when the database cannot be reached (the
 * stream then fails and the page falls back to polling).
 */
export function ensureListening(databaseUrl: string): Promise<void> {
  if (hub.client && hub.listenUrl === databaseUrl) return Promise.resolve();
  if (hub.connecting && hub.listenUrl === databaseUrl) return hub.connecting;
  hub.listenUrl = databaseUrl;
  const attempt = connect(databaseUrl);
  hub.connecting = attempt;
  attempt.then(
    () => {
      if (hub.connecting === attempt) hub.connecting = null;
    },
    () => {
      if (hub.connecting === attempt) hub.connecting = null;
    },
  );
  return attempt;
}

async function connect(databaseUrl: string): Promise<void> {
  const client = new pg.Client({
    connectionString: parsePostgresUrl(databaseUrl).connectionString,
    keepAlive: true,
    // Visible in pg_stat_activity: one per process (tests count them).
    application_name: `wxpay-status-listen:${process.pid}`,
    connectionTimeoutMillis: 5_000,
  });
  client.on("notification", (msg) => {
    if (msg.channel === PAYMENT_STATUS_CHANNEL && msg.payload) paymentStatusChanged(msg.payload);
  });
  const lost = (err?: Error) => {
    if (hub.client !== client) return;
    hub.client = null;
    getLogger("status-push").warn({ err: err?.message ?? "ended" }, "payment status: LISTEN connection lost");
    client.end().catch(() => {});
    // Streams stay open; re-listen soon, then wake all of them to re-read what they missed.
    hub.retry ??= setTimeout(() => {
      hub.retry = null;
      if (hub.byTradeNo.size === 0 || !hub.listenUrl) return;
      ensureListening(hub.listenUrl).then(wakeAll, () => lost());
    }, 1_000);
    hub.retry.unref();
  };
  client.on("error", lost);
  client.on("end", () => lost());
  await client.connect();
  await client.query(`LISTEN ${PAYMENT_STATUS_CHANNEL}`);
  hub.client = client;
  // The socket must not keep a finished process alive.
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
}

/** Tests: drop the LISTEN connection. */
export async function stopListening(): Promise<void> {
  const c = hub.client;
  hub.client = null;
  hub.listenUrl = null;
  if (hub.retry) clearTimeout(hub.retry);
  hub.retry = null;
  await c?.end().catch(() => {});
}
