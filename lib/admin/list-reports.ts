import type { Db } from "@/lib/db/create-prisma";

/** The latest reconciliation runs of one gateway (live, or the test mode simulator), newest bill date first. */
export async function listReports(db: Db, livemode: boolean, take = 60) {
  return db.reconciliationReport.findMany({
    where: { livemode },
    orderBy: [{ billDate: "desc" }, { startedAt: "desc" }],
    take,
  });
}
