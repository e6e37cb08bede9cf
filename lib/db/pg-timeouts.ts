import pg from "pg";
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from "@/lib/config/db-timeouts";

/** The client gives the server's own statement_timeout this long to win before it gives up itself. */
const CLIENT_GRACE_MS = 500;

const READ_TIMEOUT = "Query read timeout";

/**
 * pg's client-side query timeout answers the caller but leaves the statement outstanding on the
 * connection; pg-pool and Prisma's adapter then hand that connection out again (inside a
 * transaction it could even commit half a transaction's work later). This client destroys its
 * socket instead, so the pool drops it and the server rolls back whatever was open.
 */
class TimeoutSafeClient extends pg.Client {
  // pg's overloads (text/config, values, callback) funnel into this one implementation.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    const callback = typeof last === "function" ? (args.pop() as (err: Error | null, res?: unknown) => void) : null;
    const first = args[0] as { submit?: unknown } | undefined;
    if (first && typeof first === "object" && typeof first.submit === "function") {
      // A Submittable (cursor, stream): pg drives it; not used by the pools here.
      return (super.query as (...a: unknown[]) => never)(...args, ...(callback ? [callback] : []));
    }
    const result = (super.query as (...a: unknown[]) => Promise<unknown>)(...args).catch((err: unknown) => {
      if (err instanceof Error && err.message === READ_TIMEOUT) {
        (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }
      throw err;
    });
    if (!callback) return result as never;
    result.then(
      (res) => callback(null, res),
      (err: Error) => callback(err),
    );
    return undefined as never;
  }
}

/**
 * Pool options that bound every wait on the database, so a stalled or unreachable server costs
 * a request seconds, not minutes: connect (and pool checkout) within connectMs; each statement
 * cancelled by the server after queryMs, or abandoned by the client (socket destroyed) shortly
 * after if the server does not answer at all; a transaction left idle is ended by the server.
 */
export function pgPoolTimeouts(t: DbTimeouts = DEFAULT_DB_TIMEOUTS): pg.PoolConfig {
  return {
    Client: TimeoutSafeClient,
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.queryMs,
    query_timeout: t.queryMs + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: Math.max(10_000, 2 * t.queryMs),
  };
}
