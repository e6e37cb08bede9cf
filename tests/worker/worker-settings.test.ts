import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { workerSettings } from "@/lib/worker/worker-settings";

// Parsing and limits of WORKER_* are lib/config's (lib/config/load-config.test.ts).
describe("worker settings", () => {
  it("are the configuration's worker knobs and WECHAT_QUERY_RATE", () => {
    expect(workerSettings(loadConfig({}))).toEqual({
      intervalMs: 10_000,
      querySchedule: [10, 30, 60, 120, 300],
      queryRate: 50,
      queryEverySeconds: 60,
      refundResubmitAfterSeconds: 30,
      batch: 20,
      reconcileAfterHour: 10,
    });
    expect(
      workerSettings(loadConfig({ WORKER_QUERY_SCHEDULE_S: "1,5,20", WECHAT_QUERY_RATE: "7", WORKER_BATCH: "3" })),
    ).toMatchObject({ querySchedule: [1, 5, 20], queryRate: 7, batch: 3 });
  });
});
