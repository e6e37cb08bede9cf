import { describe, expect, it } from "vitest";
import { openPglite } from "./open-database";

describe("openPglite", () => {
  it("starts PGlite with the small buffer pool and PGlite's own settings kept", async () => {
    const db = await openPglite("memory://");
    try {
      const show = async (name: string) =>
        ((await db.query<Record<string, string>>(`SHOW ${name}`)).rows[0] ?? {})[name];
      expect(await show("shared_buffers")).toBe("16MB");
      // The defaults `startParams` replaces must still be in force.
      expect(await show("search_path")).toBe("public");
      expect(await show("max_worker_processes")).toBe("0");
      expect((await db.query<{ n: number }>("SELECT 1 + 1 AS n")).rows[0]?.n).toBe(2);
    } finally {
      await db.close();
    }
  });
});
