import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keepPrismaArrayParsers } from "./pglite-array-parsers";

// The per-query parsers pglite-prisma-adapter passes (a few of them): PGlite merges them with its own.
const ADAPTER_LIKE = { rowMode: "array" as const, parsers: { 3802: (x: string) => JSON.parse(x) } };

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`
    CREATE TYPE mood AS ENUM ('calm', 'busy');
    CREATE TABLE t (tags text[], moods mood[], counts int4[], ids uuid[], flags bool[], at timestamptz[], n int4, doc jsonb);
    INSERT INTO t VALUES ('{a,"b c"}', '{calm,busy}', '{1,2}', '{00000000-0000-0000-0000-000000000001}', '{t,f}',
                          '{2026-12-07T00:00:00Z}', 7, '{"k": 1}');`);
  await db.refreshArrayTypes(); // the enum's array type, as when PGlite opens a migrated database
});
afterAll(() => db.close());

describe("keepPrismaArrayParsers", () => {
  it("drops most of PGlite's array parsers and reads every column Prisma can map as before", async () => {
    const read = async () => (await db.query<unknown[]>("SELECT * FROM t", [], ADAPTER_LIKE)).rows[0];
    const before = await read();
    const total = Object.keys(db.parsers).length;
    const kept = await keepPrismaArrayParsers(db);
    expect(total).toBeGreaterThan(250);
    expect(kept).toBeLessThan(100);
    const after = await read();
    expect(after).toEqual(before);
    expect(after).toEqual([
      ["a", "b c"],
      ["calm", "busy"],
      [1, 2],
      ["00000000-0000-0000-0000-000000000001"],
      [true, false],
      [new Date("2026-12-07T00:00:00Z")],
      7,
      { k: 1 },
    ]);
  });

  it("keeps parameters serialised as before (serializers are untouched)", async () => {
    const { rows } = await db.query<{ tags: string[] }>("SELECT $1::text[] AS tags", [["x", "y,z"]]);
    expect(rows[0]?.tags).toEqual(["x", "y,z"]);
  });
});
