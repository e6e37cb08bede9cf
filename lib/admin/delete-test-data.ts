import type { AdminIdentity } from "@/lib/auth/authenticate";
import type { Db } from "@/lib/db/create-prisma";
import { ConflictError } from "@/lib/errors/app-error";
import { auditRow } from "@/lib/auth/audit-row";

/** Rows removed by "delete all test data", per table (also the audit row's detail). */
interface DeletedTestData {
  orders: number;
  orderItems: number;
  checkoutSessions: number;
  payments: number;
  refunds: number;
  notifications: number;
  paymentEvents: number;
  events: number;
  webhookDeliveries: number;
  webhookAttempts: number;
  reconciliationReports: number;
}

/**
 * Deletes every test (livemode=false) order with everything hanging off it, test events with
 * their deliveries and attempts, and test reconciliation reports, in one transaction; API keys
 * and webhook endpoints stay (as in Stripe). Live rows are never matched: the orders are picked
 * by their own livemode and every other row through them or by its own livemode.
 *
 * The test orders, payments and refunds are locked first and everything below them is deleted by
 * those ids, so a test payment or timeline row written meanwhile waits for the commit and then
 * fails its foreign key, and an order created meanwhile is left for the next run (it never makes
 * the order delete trip over children it did not see; only its events, which have no foreign key
 * and are matched by livemode, may go now). Ids travel as one uuid[] parameter.
 */
export async function deleteTestData(db: Db, actor: AdminIdentity, ip?: string): Promise<DeletedTestData> {
  return db.$transaction(
    async (tx) => {
      const ids = async (q: ReturnType<typeof tx.$queryRaw<{ id: string }[]>>) => (await q).map((r) => r.id);
      const orders = await ids(tx.$queryRaw`SELECT id FROM orders WHERE livemode = false ORDER BY id FOR UPDATE`);
      const payments = await ids(
        tx.$queryRaw`SELECT id FROM payment_attempts WHERE order_id = ANY(${orders}::uuid[]) ORDER BY id FOR UPDATE`,
      );
      const refunds = await ids(
        tx.$queryRaw`SELECT id FROM refunds WHERE payment_id = ANY(${payments}::uuid[]) ORDER BY id FOR UPDATE`,
      );
      // A live payment or refund under a test order would be deleted with it: refuse instead.
      const [mixed] = await tx.$queryRaw<{ n: number }[]>`
        SELECT ((SELECT count(*) FROM payment_attempts WHERE id = ANY(${payments}::uuid[]) AND livemode)
              + (SELECT count(*) FROM refunds WHERE id = ANY(${refunds}::uuid[]) AND livemode))::int AS n`;
      if (mixed && mixed.n > 0)
        throw new ConflictError(
          "TEST_DATA_MIXED",
          "Live payments or refunds hang off test orders; nothing was deleted",
          {
            rows: mixed.n,
          },
        );

      // Children before parents: every foreign key here is ON DELETE RESTRICT, except the
      // webhook tables (cascade) and notifications (set null), which are deleted to be counted.
      const deleted: DeletedTestData = {
        webhookAttempts: await tx.$executeRaw`
          DELETE FROM webhook_attempts WHERE delivery_id IN (
            SELECT d.id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.livemode = false)`,
        webhookDeliveries: await tx.$executeRaw`
          DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM events WHERE livemode = false)`,
        events: await tx.$executeRaw`DELETE FROM events WHERE livemode = false`,
        notifications: await tx.$executeRaw`
          DELETE FROM notification_events
           WHERE payment_id = ANY(${payments}::uuid[]) OR refund_id = ANY(${refunds}::uuid[])`,
        paymentEvents: await tx.$executeRaw`DELETE FROM payment_events WHERE order_id = ANY(${orders}::uuid[])`,
        checkoutSessions: await tx.$executeRaw`DELETE FROM checkout_sessions WHERE order_id = ANY(${orders}::uuid[])`,
        refunds: await tx.$executeRaw`DELETE FROM refunds WHERE id = ANY(${refunds}::uuid[])`,
        payments: await tx.$executeRaw`DELETE FROM payment_attempts WHERE id = ANY(${payments}::uuid[])`,
        orderItems: await tx.$executeRaw`DELETE FROM order_items WHERE order_id = ANY(${orders}::uuid[])`,
        orders: await tx.$executeRaw`DELETE FROM orders WHERE id = ANY(${orders}::uuid[])`,
        reconciliationReports: await tx.$executeRaw`DELETE FROM reconciliation_reports WHERE livemode = false`,
      };
      await tx.auditLog.create({
        data: auditRow(actor, {
          action: "TEST_DATA_DELETED",
          target: { type: "test_data" },
          detail: { ...deleted },
          ip,
        }),
      });
      return deleted;
    },
    // One statement per table, but a deployment's whole test history: more than the 5 s default.
    { maxWait: 10_000, timeout: 120_000 },
  );
}
