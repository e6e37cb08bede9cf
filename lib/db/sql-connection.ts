import type { PGlite } from "@electric-sql/pglite";
import type { Client } from "pg";

/** The few raw-SQL operations the migration runner and tests need, on either engine. */
export interface SqlConnection {
  /** One parameterised statement. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function pgConnection(client: Client): SqlConnection {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

export function pgliteConnection(db: PGlite, { closeDb = true } = {}): SqlConnection {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    close: async () => {
      if (closeDb) await db.close();
    },
  };
}
