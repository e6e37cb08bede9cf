import type { Db } from "@/lib/db/create-prisma";

/** The latest reconciliation runs, newest bill date first. */
export async function listReports(db: Db, take = 60) {
  return db.reconciliationReport.findMany({ orderBy: [{ billDate: "desc" }, { startedAt: "desc" }], take });
}
