// The worker's payment query claims on a migrated database: the SQL schedule equals the table
// in query-schedule.ts, a claim takes every due row (not a fixed batch), and WECHAT_QUERY_RATE
// bounds the claims of any one second, early queries included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimEarlyQuery } from "@/lib/payments/claim-early-query";
import { claimDuePayments } from "@/lib/worker/claim-rows";
import { loadConfig } from "@/lib/config";
import { lastDuePoint, lastDuePointSql } from "@/lib/worker/query-schedule";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";

const S = loadConfig({}).worker.querySchedule;

describe.each(["pglite", "postgres"] as const)("query claims on %s", (kind) => {
  let m: MigratedDb | null;
  beforeAll(async () => {
    m = await openMigratedDb(kind);
  }, 60_000);
  afterAll(async () => {
    await m?.dispose();
  });

  let n = 0;
  /** `count` PENDING, placed attempts created `agoS` before `base`. */
  async function payments(count: number, base: Date, agoS: number, queriedAgoS?: number) {
    const order = await m!.db.order.create({
      data: { livemode: false, orderNo: `O-QC${kind}${Date.now()}${n++}`, totalFen: 100, description: "查询" },
    });
    const rows = Array.from({ length: count }, () => ({
      orderId: order.id,
      outTradeNo: `QC${kind.slice(0, 2)}${Date.now()}${n++}`,
      livemode: false,
      channel: "NATIVE" as const,
      amountFen: 100,
      mchid: "1900000001",
      appid: "wx0000000000000001",
      codeUrl: "weixin://wxpay/bizpayurl?pr=x",
      createdAt: new Date(base.getTime() - agoS * 1000),
      lastQueriedAt: queriedAgoS === undefined ? null : new Date(base.getTime() - queriedAgoS * 1000),
      expiresAt: new Date(base.getTime() + 3600_000),
    }));
    await m!.db.paymentAttempt.createMany({ data: rows });
    return rows.map((r) => r.outTradeNo);
  }

  it("the SQL schedule gives the same points as the table", async (ctx) => {
    if (!m) return ctx.skip();
    const ages = [0, 9.5, 10, 29.9, 30, 61, 119, 120, 299, 300, 301, 599.9, 600, 3599, 7200];
    const rows = await m.db.$queryRawUnsafe<{ age: number; pt: number | null }[]>(
      `SELECT age, ${lastDuePointSql(S, "age")} AS pt FROM unnest($1::float8[]) AS age`,
      ages,
    );
    expect(rows.map((r) => [Number(r.age), r.pt === null ? null : Number(r.pt)])).toEqual(
      ages.map((a) => [a, lastDuePoint(S, a)]),
    );
  });

  it("claims every due row at once (sized by the backlog, not 20 per tick)", async (ctx) => {
    if (!m) return ctx.skip();
    const base = new Date(Date.now() + 86_400_000); // a second no other test stamps
    const due = await payments(150, base, 45); // 30 s point passed 15 s ago, never queried
    const notYet = await payments(10, base, 5); // before the first point
    const done = await payments(10, base, 45, 10); // queried at 35 s: after the 30 s point
    const claimed = await claimDuePayments(m.db, { now: base, schedule: S, rate: 1000, livemode: false });
    expect(claimed.sort()).toEqual([...due].sort());
    for (const no of [...notYet, ...done]) expect(claimed).not.toContain(no);
    // Claimed = stamped: the same second finds nothing more.
    expect(await claimDuePayments(m.db, { now: base, schedule: S, rate: 1000, livemode: false })).toEqual([]);
  });

  it("WECHAT_QUERY_RATE bounds each second, early queries included; the backlog drains at that rate", async (ctx) => {
    if (!m) return ctx.skip();
    const base = new Date(Date.now() + 2 * 86_400_000);
    const due = await payments(60, base, 90);
    const rate = 25;
    // An early query ("I have paid") in this second spends one of the 25.
    expect(await claimEarlyQuery(m.db, due[0]!, { now: base, rate, minGapSeconds: 5 })).toBe(true);
    const seconds: number[] = [];
    const all = new Set<string>([due[0]!]);
    for (let s = 0; s < 4; s++) {
      const at = new Date(base.getTime() + s * 1000 + (s ? 1 : 0));
      const claimed = await Promise.all([
        claimDuePayments(m.db, { now: at, schedule: S, rate, livemode: false }),
        claimDuePayments(m.db, { now: at, schedule: S, rate, livemode: false }),
      ]);
      seconds.push(claimed.flat().length);
      for (const no of claimed.flat()) {
        expect(all.has(no)).toBe(false);
        all.add(no);
      }
    }
    expect(seconds).toEqual([24, 25, 10, 0]);
    expect(all.size).toBe(60);
    // Early queries: once per payment per gap, and not beyond the rate.
    const [early] = await payments(1, base, 90, 2);
    const t = new Date(base.getTime() + 10_000);
    expect(await claimEarlyQuery(m.db, early!, { now: t, rate, minGapSeconds: 15 })).toBe(false); // 12 s ago
    expect(await claimEarlyQuery(m.db, early!, { now: t, rate, minGapSeconds: 5 })).toBe(true);
    expect(await claimEarlyQuery(m.db, early!, { now: t, rate, minGapSeconds: 5 })).toBe(false);
    const busy = await payments(3, base, 90);
    const t2 = new Date(base.getTime() + 20_000);
    const answers = [];
    for (const no of busy) answers.push(await claimEarlyQuery(m.db, no, { now: t2, rate: 2, minGapSeconds: 5 }));
    expect(answers).toEqual([true, true, false]);
  });
});
