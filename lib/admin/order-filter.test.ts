import { describe, expect, it } from "vitest";
import { cstDay, cstDayEnd, cstDayStart, filterQuery, parseOrderFilter } from "./order-filter";

describe("order filter", () => {
  it("keeps valid values and drops junk instead of failing the page", () => {
    expect(
      parseOrderFilter(new URLSearchParams("q=%2020261127-AB%20&status=PAID&from=2026-11-01&to=2026-11-27&page=3")),
    ).toEqual({ q: "20261127-AB", status: "PAID", from: "2026-11-01", to: "2026-11-27", page: 3 });
    expect(parseOrderFilter({ q: "", status: "NOPE", from: "yesterday", to: "2026-13-45", page: "-2" })).toEqual({
      q: undefined,
      status: undefined,
      from: undefined,
      to: undefined,
      page: 1,
    });
    expect(parseOrderFilter({ q: ["a1", "b2"] }).q).toBe("a1");
  });

  it("round-trips through the query string used by pagination and CSV", () => {
    const f = parseOrderFilter({ q: "OTN1", status: "REFUNDED", from: "2026-11-01" });
    expect(filterQuery(f, { page: 2 })).toBe("?q=OTN1&status=REFUNDED&from=2026-11-01&page=2");
    expect(filterQuery(parseOrderFilter({}))).toBe("");
  });

  it("a day is China Standard Time", () => {
    expect(cstDayStart("2026-11-27").toISOString()).toBe("2026-11-26T16:00:00.000Z");
    expect(cstDayEnd("2026-11-27").toISOString()).toBe("2026-11-27T16:00:00.000Z");
    expect(cstDay(new Date("2026-11-26T16:00:00Z"))).toBe("2026-11-27");
    expect(cstDay(new Date("2026-11-26T15:59:59Z"))).toBe("2026-11-26");
  });
});
