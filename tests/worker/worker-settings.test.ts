import { describe, expect, it } from "vitest";
import { poolSize } from "@/lib/payments/notifications/notify-sql-pool";
import { workerSettingsFromEnv } from "@/lib/worker/worker-settings";

describe("worker and notify pool settings", () => {
  it("defaults", () => {
    expect(workerSettingsFromEnv({})).toEqual({
      intervalMs: 10_000,
      querySchedule: [10, 30, 60, 120, 300],
      queryRate: 50,
      queryEverySeconds: 60,
      refundResubmitAfterSeconds: 30,
      batch: 20,
      reconcileAfterHour: 10,
    });
    expect(poolSize(undefined)).toBe(8);
    expect(poolSize(" ")).toBe(8);
  });

  it("takes valid values and names the variable of a bad one", () => {
    expect(workerSettingsFromEnv({ WORKER_INTERVAL_MS: "500", RECONCILE_AFTER_HOUR: "-1" })).toMatchObject({
      intervalMs: 500,
      reconcileAfterHour: -1,
    });
    expect(() => workerSettingsFromEnv({ WORKER_INTERVAL_MS: "fast" })).toThrow(/WORKER_INTERVAL_MS/);
    expect(() => workerSettingsFromEnv({ WORKER_BATCH: "0" })).toThrow(/WORKER_BATCH must be an integer ≥ 1/);
    expect(workerSettingsFromEnv({ WORKER_QUERY_SCHEDULE_S: " 1, 5 ,20" }, 7)).toMatchObject({
      querySchedule: [1, 5, 20],
      queryRate: 7,
    });
    for (const bad of ["10,5", "0", "a,b", "10,10", "1.5"])
      expect(() => workerSettingsFromEnv({ WORKER_QUERY_SCHEDULE_S: bad })).toThrow(/WORKER_QUERY_SCHEDULE_S/);
    expect(poolSize("16")).toBe(16);
    expect(() => poolSize("lots")).toThrow(/NOTIFY_POOL_SIZE/);
  });
});
