import "server-only";
import { getConfig } from "@/lib/config";
import { createPrisma, type Db } from "./create-prisma";

// One client per process, kept on globalThis so dev-mode module reloads don't open PGlite twice
// (it allows one owner per data dir).
const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  holder.__checkoutDb ??= createPrisma(getConfig().database);
  return holder.__checkoutDb;
}
