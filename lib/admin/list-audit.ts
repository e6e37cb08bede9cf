import type { Db } from "@/lib/db/create-prisma";

const AUDIT_PAGE_SIZE = 50;

/** Newest first; optionally one order's entries. */
export async function listAudit(db: Db, opts: { page: number; orderNo?: string }) {
  const where = opts.orderNo ? { orderNo: opts.orderNo } : {};
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (opts.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
  ]);
  return { rows, total, page: opts.page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
