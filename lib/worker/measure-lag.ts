import type { Db } from "@/lib/db/create-prisma";
import type { WorkerSettings } from "./worker-settings";

interface WorkerLag {
  /** Seconds since the oldest PENDING payment attempt expired without being closed. */
  close: number;
  /** Seconds the oldest CREATED refund has been waiting past its resubmit time. */
  refundResubmit: number;
}

/** One statement at the end of a tick (not per request): how far behind the worker's due rows are. */
export async function measureLag(db: Db, s: WorkerSettings): Promise<WorkerLag> {
  const [row] = await db.$queryRaw<{ close: number | null; refund_resubmit: number | null }[]>`
    SELECT
      (SELECT EXTRACT(EPOCH FROM now() - min(expires_at))::float8
         FROM payment_attempts WHERE status = 'PENDING' AND expires_at <= now()) AS close,
      (SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 - ${s.refundResubmitAfterSeconds}::float8
         FROM refunds WHERE status = 'CREATED'
          AND created_at < now() - make_interval(secs => ${s.refundResubmitAfterSeconds}::float8)) AS refund_resubmit`;
  return { close: Math.max(0, row?.close ?? 0), refundResubmit: Math.max(0, row?.refund_resubmit ?? 0) };
}
