// What a stalled, restarting or unreachable PostgreSQL looks like by the time it reaches a route:
// pg's own errors (hot-path pool, LISTEN), socket errors, or Prisma's wrappers around the
// driver adapter's. A constraint violation or a bad query is not here: those are bugs or
// conflicts, and retrying them would not help.

/** SQLSTATEs meaning "the server cannot serve you now": connection exceptions, shutdown, overload, our statement_timeout. */
const SQLSTATES = new Set(["08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "53300", "57014"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);
/** Prisma: can't reach, timed out, closed; pool checkout timed out; a transaction that timed out or closed. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** The driver adapter's error kinds (@prisma/driver-adapter-utils). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** pg's messages for its client-side timeouts and a connection cut under it. */
const PG_MESSAGES = [
  /^Query read timeout$/,
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

interface Shape {
  code?: unknown;
  message?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Walks `cause` and Prisma's `meta.driverAdapterError` (a few levels; cycles cannot loop). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== "object") return false;
  const e = err as Shape;
  if (typeof e.code === "string") {
    if (SQLSTATES.has(e.code) || SOCKET_CODES.has(e.code) || PRISMA_CODES.has(e.code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && SQLSTATES.has(e.originalCode)) return true;
  if (typeof e.message === "string" && PG_MESSAGES.some((re) => re.test(e.message as string))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
