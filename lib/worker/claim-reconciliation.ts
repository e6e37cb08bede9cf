import type { Db } from "@/lib/db/create-prisma";

/**
 * Claims the daily reconciliation of `billDate` for this instance: under a transaction-scoped
 * advisory lock (so two instances cannot both see "not done yet"), creates the RUNNING report
 * unless one already exists that finished, is running (< 30 min), or failed within the hour.
 * Returns the new report id, or null when another instance has it.
 */
export async function claimReconciliation(
  db: Db,
  billDate: string,
  now: Date,
  livemode: boolean,
): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`reconciliation:${livemode}:${billDate}`}))`;
    const day = new Date(`${billDate}T00:00:00Z`);
    const existing = await tx.reconciliationReport.findFirst({
      where: {
        billDate: day,
        livemode,
        triggeredBy: "worker",
        OR: [
          { status: { in: ["MATCHED", "MISMATCHED"] } },
          { status: "RUNNING", startedAt: { gt: new Date(now.getTime() - 30 * 60_000) } },
          { status: "FAILED", startedAt: { gt: new Date(now.getTime() - 60 * 60_000) } },
        ],
      },
      select: { id: true },
    });
    if (existing) return null;
    const report = await tx.reconciliationReport.create({
      data: { billDate: day, livemode, triggeredBy: "worker" },
      select: { id: true },
    });
    return report.id;
  });
}
