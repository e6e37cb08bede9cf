import { getConfig } from "@/lib/config";
import { getHotSql, type SqlRunner } from "@/lib/db/hot-sql";

/** The notification hot path's runner: the process's shared pg pool on PostgreSQL, null on PGlite. */
export function getNotifySql(): SqlRunner | null {
  return getHotSql(getConfig().database);
}
