import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "@/lib/config";
import type { Db } from "@/lib/db/create-prisma";
import { workerHeartbeat } from "@/lib/observability/worker-heartbeat";

type CheckName = "config" | "database" | "migrations" | "worker";

interface CheckResult {
  ok: boolean;
  /** Short and safe to publish: never a connection string, host or error text. */
  detail?: string;
}

export interface Readiness {
  ok: boolean;
  /** The failing checks, in order. */
  failing: CheckName[];
  checks: Partial<Record<CheckName, CheckResult>>;
}

interface ReadinessDeps {
  getConfig(): AppConfig;
  getDb(): Promise<Db>;
  /** The database gets this long for each of its checks (default 1000 ms). */
  timeoutMs?: number;
  /** prisma/migrations under the working directory by default. */
  migrationsDir?: string;
  onError?(check: CheckName, err: unknown): void;
}

class CheckTimeout extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

// The migration folders do not change while the process runs: list them once. Same rule as
// lib/db/migrate's readMigrations (a folder with a migration.sql), without reading the SQL; the
// paths are opaque to the bundler's file tracing (it would otherwise trace the whole project).
// null: there is no migrations folder here (a deployment that ships without it).
const localMigrations = new Map<string, string[] | null>();
function localNames(dir: string): string[] | null {
  if (!localMigrations.has(dir)) {
    localMigrations.set(
      dir,
      existsSync(/*turbopackIgnore: true*/ dir)
        ? readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
            .filter(
              (d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")),
            )
            .map((d) => d.name)
            .sort()
        : null,
    );
  }
  return localMigrations.get(dir)!;
}

/**
 * Readiness: the configuration loads, the database answers within the timeout, every migration
 * folder is applied (and none recorded as failed), and the worker's heartbeat is fresh when it
 * runs here. Checks after a failing database are skipped (reported failing too: "not checked").
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const checks: Readiness["checks"] = {};
  const fail = (name: CheckName, detail: string, err?: unknown) => {
    checks[name] = { ok: false, detail };
    if (err !== undefined) deps.onError?.(name, err);
  };

  let config: AppConfig | undefined;
  try {
    config = deps.getConfig();
    checks.config = { ok: true };
  } catch (err) {
    fail("config", "the configuration does not load", err);
  }

  let db: Db | null = null;
  if (checks.config?.ok) {
    try {
      db = await within(deps.getDb(), timeoutMs);
      await within(db.$queryRaw`SELECT 1`, timeoutMs);
      checks.database = { ok: true };
    } catch (err) {
      db = null;
      fail("database", err instanceof CheckTimeout ? `no answer within ${timeoutMs} ms` : "unreachable", err);
    }
  } else fail("database", "not checked");

  if (db) {
    try {
      const rows = await within(
        db.$queryRaw<{ migration_name: string; finished: boolean; rolled_back: boolean }[]>`
          SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
          FROM "_prisma_migrations"`,
        timeoutMs,
      );
      const applied = new Set(rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.migration_name));
      const failed = rows.filter((r) => !r.finished && !r.rolled_back).map((r) => r.migration_name);
      const dir = deps.migrationsDir ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma/migrations");
      const local = localNames(dir);
      const pending = (local ?? []).filter((n) => !applied.has(n));
      if (failed.length) fail("migrations", `failed: ${failed.join(", ")}`);
      else if (local === null)
        checks.migrations = { ok: true, detail: "no prisma/migrations folder here: not compared" };
      else if (pending.length) fail("migrations", `pending: ${pending.join(", ")} (run npm run db:migrate)`);
      else checks.migrations = { ok: true };
    } catch (err) {
      fail("migrations", "cannot read _prisma_migrations", err);
    }
  } else fail("migrations", "not checked");

  // WORKER_DISABLED=1 turns the heartbeat check off; with no configuration nothing was started.
  if (config?.worker.enabled) {
    const beat = workerHeartbeat();
    if (!beat) fail("worker", "not started");
    else if (beat.ageMs > beat.maxAgeMs) fail("worker", `no heartbeat for ${Math.round(beat.ageMs / 1000)} s`);
    else checks.worker = { ok: true };
  }

  const failing = (Object.keys(checks) as CheckName[]).filter((k) => !checks[k]!.ok);
  return { ok: failing.length === 0, failing, checks };
}
