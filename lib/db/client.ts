import "server-only";

// The process's database client (lib/db/process-db), guarded against reaching a client bundle.
export { closeDb, getDb } from "./process-db";
