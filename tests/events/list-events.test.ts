// GET /api/v1/events through the real route (withApiKey → zod → listEvents): commit-order
// paging that never skips a late-committing event, the type filter, bad cursors, and scopes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import type { Db } from "@/lib/db/create-prisma";
import { recordEvent } from "@/lib/events/record-event";
import { openMigratedDb, type MigratedDb } from "@/tests/helpers/migrated-db";
import { pendingPayment } from "@/tests/notifications/notify-fixture";
import { GET } from "@/app/api/v1/events/route";

const holder = globalThis as unknown as { __checkoutDb?: Promise<Db> };
type Page = {
  object: string;
  data: { id: string; type: string; data: { object: { object: string } } }[];
  hasMore: boolean;
};

describe.each(["pglite", "postgres"] as const)("GET /api/v1/events on %s", (kind) => {
  let m: MigratedDb | null;
  const secrets: Record<string, string> = {};
  let orderId = "";
  beforeAll(async () => {
    m = await openMigratedDb(kind);
    if (!m) return;
    holder.__checkoutDb = Promise.resolve(m.db);
    for (const [name, scopes] of [
      ["events", ["events:read"]],
      ["orders", ["orders:read"]],
    ] as const) {
      const secret = generateApiKeySecret("test");
      await m.db.apiKey.create({
        data: {
          livemode: false,
          name,
          scopes: [...scopes],
          ...describeSecret(secret),
          secretHash: hashApiKeySecret(secret),
          createdBy: "t",
        },
      });
      secrets[name] = secret;
    }
    orderId = (await pendingPayment(m.db, 1000, "LE")).orderId;
  }, 60_000);
  afterAll(async () => {
    delete holder.__checkoutDb;
    await m?.dispose();
  });

  const get = async (query: string, who = "events") => {
    const res = await GET(
      new Request(`http://localhost/api/v1/events${query}`, { headers: { Authorization: `Bearer ${secrets[who]}` } }),
      undefined,
    );
    return { status: res.status, body: (await res.json()) as Page & { error?: { code: string } } };
  };
  const write = (n: number, type: "payment.succeeded" | "payment.flagged" = "payment.succeeded") =>
    m!.db.$transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1)
        ids.push(await recordEvent(tx, { livemode: false, type, orderId, detail: { reason: "X", outTradeNo: "Y" } }));
      return ids;
    });

  it("pages oldest first with after= until hasMore is false, each event once", async (ctx) => {
    if (!m) return ctx.skip();
    const written = [...(await write(3)), ...(await write(2, "payment.flagged")), ...(await write(2))];
    // Listed once no older transaction runs anywhere on the server: other suites' may, for a moment.
    await expect
      .poll(
        async () => {
          const ids = new Set((await get("?limit=100")).body.data.map((e) => e.id));
          return written.every((id) => ids.has(id));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const seen: string[] = [];
    let after = "";
    for (let pages = 0; pages < 10; pages += 1) {
      const { status, body } = await get(`?limit=3${after ? `&after=${after}` : ""}`);
      expect(status).toBe(200);
      expect(body.object).toBe("list");
      seen.push(...body.data.map((e) => e.id));
      if (!body.hasMore) break;
      after = body.data.at(-1)!.id;
    }
    expect(seen).toEqual(written);
    const flagged = await get("?type=payment.flagged");
    expect(flagged.body.data.map((e) => e.id)).toEqual(written.slice(3, 5));
    expect(flagged.body.data[0]?.data.object.object).toBe("order");
  });

  // Two connections racing: PGlite is one connection, so these exist only for PostgreSQL.
  describe.runIf(kind === "postgres")("with two connections", () => {
    it("withholds events of a transaction still running, and everything after it, until it commits", async (ctx) => {
      if (!m) return ctx.skip();
      const before = (await get("?limit=100")).body.data.at(-1)?.id;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let wrote!: (id: string) => void;
      const slowId = new Promise<string>((r) => (wrote = r));
      const slow = m.db.$transaction(
        async (tx) => {
          wrote(await recordEvent(tx, { livemode: false, type: "payment.succeeded", orderId }));
          await held;
        },
        { timeout: 20_000 },
      );
      const first = await slowId;
      const [later] = await write(1); // commits while the first is still open
      const during = await get(`?limit=100&after=${before}`);
      expect(during.body.data.map((e) => e.id)).toEqual([]);
      release();
      await slow;
      // After the commit both appear (as soon as no other suite's older transaction is still open).
      await expect
        .poll(async () => (await get(`?limit=100&after=${before}`)).body.data.map((e) => e.id), { timeout: 15_000 })
        .toEqual([first, later]);
    });
  });

  it("400 on a bad query or an unknown cursor; 403 without events:read; 401 without a key", async (ctx) => {
    if (!m) return ctx.skip();
    expect((await get("?limit=0")).status).toBe(400);
    expect((await get("?type=payment.made")).status).toBe(400);
    expect((await get("?after=evt_x")).status).toBe(400);
    const unknown = await get("?after=evt_000000000000000000000000");
    expect([unknown.status, unknown.body.error?.code]).toEqual([400, "INVALID_CURSOR"]);
    expect((await get("", "orders")).status).toBe(403);
    expect((await get("", "nobody")).status).toBe(401);
  });
});
