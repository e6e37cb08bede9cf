import { getConfig } from "@/lib/config";
import { closePrisma, createPrisma, type Db } from "./create-prisma";

// The process's database client, without the `server-only` guard: the Pages Router (the status
// stream's API route, pages/api/…/events.ts) does not resolve that package's react-server
// condition, so it would throw there. Everything else imports lib/db/client, which keeps the guard.
// One client per process, kept on globalThis so dev-mode module reloads don't open PGlite twice
// (it allows one owner per data dir).
const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  holder.__checkoutDb ??= createPrisma(getConfig().database);
  return holder.__checkoutDb;
}

/** Shutdown: closes the process's client (and its PGlite) if one was opened. */
export async function closeDb(): Promise<void> {
  const db = holder.__checkoutDb;
  holder.__checkoutDb = undefined;
  if (db) await closePrisma(await db);
}
