import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { getHotSql, prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";

/** Where the rate limits run: the hot-path pool (prepared statements) on PostgreSQL, else Prisma. */
export async function rateLimitSql(): Promise<SqlRunner> {
  return getHotSql(getConfig().database) ?? prismaRunner(await getDb());
}
