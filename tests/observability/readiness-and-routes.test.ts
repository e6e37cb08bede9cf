// Readiness against a real migrated PostgreSQL schema, and the health and metrics routes called
// as Next calls them (no server): liveness, the request id echoed, /api/metrics off without
// METRICS_TOKEN. The built app's side (401/200, series moving, logs, a dead database) is in
// tests/observability/observability-built-app.test.ts.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { checkReadiness } from "@/lib/health/readiness";
import { workerBeat } from "@/lib/observability/worker-heartbeat";
import { GET as live } from "@/app/api/health/live/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { openMigratedDb, type MigratedDb } from "../helpers/migrated-db";

let m: MigratedDb | null = null;
const tmp = mkdtempSync(path.join(os.tmpdir(), "ready-"));
beforeAll(async () => {
  m = await openMigratedDb("postgres");
}, 60_000);
afterAll(async () => {
  await m?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const config = () => loadConfig({});
const configWithoutWorker = () => loadConfig({ WORKER_DISABLED: "1" });

describe("readiness", () => {
  it("is ready with the database up, every migration applied and the worker beating", async (ctx) => {
    if (!m) return ctx.skip();
    workerBeat(10_000);
    const r = await checkReadiness({ getConfig: config, getDb: async () => m!.db });
    expect(r).toEqual({
      ok: true,
      failing: [],
      checks: { config: { ok: true }, database: { ok: true }, migrations: { ok: true }, worker: { ok: true } },
    });
  });

  it("names a migration folder the database has not applied", async (ctx) => {
    if (!m) return ctx.skip();
    const dir = path.join(tmp, "migrations");
    cpSync("prisma/migrations", dir, { recursive: true });
    mkdirSync(path.join(dir, "29990101000000_later"));
    writeFileSync(path.join(dir, "29990101000000_later", "migration.sql"), "SELECT 1;");
    const r = await checkReadiness({
      getConfig: configWithoutWorker,
      getDb: async () => m!.db,
      migrationsDir: dir,
    });
    expect(r.failing).toEqual(["migrations"]);
    expect(r.checks.migrations?.detail).toContain("29990101000000_later");
    expect(r.checks).not.toHaveProperty("worker");
  });

  it("fails on the database within the timeout when it does not answer, and on the configuration", async () => {
    const started = Date.now();
    const r = await checkReadiness({
      getConfig: configWithoutWorker,
      getDb: () => new Promise(() => {}),
      timeoutMs: 200,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.failing).toEqual(["database", "migrations"]);
    expect(r.checks.database).toEqual({ ok: false, detail: "no answer within 200 ms" });
    const bad = await checkReadiness({
      getConfig: () => loadConfig({ LOG_LEVEL: "loud" }),
      getDb: async () => m!.db,
    });
    expect(bad.failing[0]).toBe("config");
  });
});

describe("the health and metrics routes", () => {
  it("/api/health/live answers 200 without I/O and echoes a well-formed x-request-id, replaces a bad one", async () => {
    const ok = await live(new Request("http://app.test/api/health/live", { headers: { "x-request-id": "lb-1234" } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok" });
    expect(ok.headers.get("x-request-id")).toBe("lb-1234");
    const bad = await live(
      new Request("http://app.test/api/health/live", { headers: { "x-request-id": "a b/c<script>" } }),
    );
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("/api/metrics does not exist without METRICS_TOKEN (404), whatever the token sent", async () => {
    expect(process.env.METRICS_TOKEN).toBeUndefined();
    const res = await metrics(
      new Request("http://app.test/api/metrics", { headers: { authorization: "Bearer anything-at-all-0123" } }),
    );
    expect(res.status).toBe(404);
  });
});
