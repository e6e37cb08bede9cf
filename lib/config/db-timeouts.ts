/** How long the app waits on PostgreSQL (DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS). */
export interface DbTimeouts {
  /** Opening a connection, or waiting for a free one in a full pool. */
  connectMs: number;
  /** One statement. */
  queryMs: number;
}

/** Seconds, not minutes: a stalled database must fail requests fast enough to answer 503 in time. */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5_000, queryMs: 5_000 };
