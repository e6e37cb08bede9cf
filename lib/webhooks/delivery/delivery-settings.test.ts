import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { deliverySettings } from "./delivery-settings";

describe("deliverySettings", () => {
  it("production defaults: 10 s per POST, a lease that outlasts it, the configured policy", () => {
    const s = deliverySettings(
      loadConfig({ WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_SCALE: "0.5", EVENTS_RETENTION_DAYS: "7" }),
    );
    expect(s).toMatchObject({ timeoutMs: 10_000, allowPrivate: true, retryScale: 0.5, retentionDays: 7 });
    expect(s.leaseSeconds * 1000).toBeGreaterThan(s.timeoutMs + 5000);
    expect(s.nudgeDelayMs).toBeLessThan(100);
    // The busy gap delays deliveries under load: it must leave most of the 500 ms p95 budget.
    expect(s.busyGapMs).toBeGreaterThan(s.nudgeDelayMs);
    expect(s.busyGapMs).toBeLessThanOrEqual(200);
    expect(deliverySettings(loadConfig({}))).toMatchObject({ allowPrivate: false, retryScale: 1, retentionDays: 30 });
  });

  it("polls every 5 s on PGlite (one process: its writers nudge the loop), twice a second on PostgreSQL", () => {
    expect(deliverySettings(loadConfig({})).idleMs).toBe(5000);
    expect(deliverySettings(loadConfig({ DATABASE_URL: "postgresql://127.0.0.1:5432/shop" })).idleMs).toBe(500);
  });
});
