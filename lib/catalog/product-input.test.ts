import { describe, expect, it } from "vitest";
import { createProductSchema, updateProductSchema } from "./product-input";
import { priceToFen } from "./product-rules";

const valid = { name: "云南普洱茶饼", nameEn: "Pu'er tea cake", price: "12.34" };

/** The issues by field, as the VALIDATION_ERROR details carry them. */
function problems(
  input: unknown,
  schema: typeof createProductSchema | typeof updateProductSchema = createProductSchema,
): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("price typed in yuan → exact integer fen", () => {
  it.each([
    ["12.34", 1234],
    ["0.29", 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ["0.01", 1],
    ["12", 1200],
    ["12.3", 1230],
    [" 99.9 ", 9990],
    ["100000", 10_000_000],
    ["100000.00", 10_000_000],
    ["19.99", 1999],
    ["4.35", 435], // 4.35 * 100 is 434.99999999999994
  ])("%j → %i fen", (typed, fen) => expect(priceToFen(typed)).toEqual({ ok: true, fen }));

  it.each([
    ["", "EMPTY"],
    ["0", "ZERO"],
    ["0.00", "ZERO"],
    ["0.001", "PRECISION"],
    ["1.234", "PRECISION"],
    ["100000.01", "TOO_LARGE"],
    ["1e3", "FORMAT"],
    ["-1", "FORMAT"],
    ["¥12", "FORMAT"],
    ["1,000", "FORMAT"],
    ["12.3.4", "FORMAT"],
  ])("%j is refused (%s)", (typed, problem) => expect(priceToFen(typed)).toEqual({ ok: false, problem }));

  it("the schema converts strings and JSON numbers alike", () => {
    expect(createProductSchema.parse(valid).price).toBe(1234);
    expect(createProductSchema.parse({ ...valid, price: 0.29 }).price).toBe(29);
    expect(problems({ ...valid, price: 1e-7 })).toEqual({ price: "price must be a yuan amount such as 12.34" });
  });
});

describe("createProductSchema", () => {
  it("fills defaults and trims", () => {
    expect(createProductSchema.parse({ ...valid, name: "  茶 " })).toEqual({
      name: "茶",
      nameEn: "Pu'er tea cake",
      description: "",
      descriptionEn: "",
      price: 1234,
      active: true,
      sortOrder: 0,
    });
  });

  it("gives one message per offending field", () => {
    expect(
      problems({
        name: "茶🍵",
        nameEn: "",
        description: "x".repeat(501),
        descriptionEn: "ok\u0000",
        price: "0.001",
        sortOrder: 1.5,
        sku: "has space",
        active: "yes",
      }),
    ).toEqual({
      name: "name must not contain emoji or other 4-byte characters",
      nameEn: "nameEn must not be empty",
      description: "description must be at most 500 characters",
      descriptionEn: "descriptionEn must not contain control characters",
      price: "price takes at most two decimals",
      sortOrder: expect.stringContaining("sortOrder must be an integer"),
      sku: "sku takes letters, digits, '.', '_' and '-'",
      active: "active must be true or false",
    });
  });

  it.each([
    ["60 characters is the limit", "茶".repeat(60), null],
    ["61 is too many", "茶".repeat(61), "name must be at most 60 characters"],
    ["a 4-byte CJK extension character", "𠀀茶", "name must not contain emoji or other 4-byte characters"],
    ["a newline in a name", "茶\n叶", "name must not contain control characters"],
    ["only spaces", "   ", "name must not be empty"],
    ["3-byte symbols are fine", "茶·™€", null],
  ])("name: %s", (_what, name, message) => {
    expect(problems({ ...valid, name }).name ?? null).toBe(message);
  });

  it("descriptions may have newlines, up to 500 characters", () => {
    expect(problems({ ...valid, description: "第一行\n第二行", descriptionEn: "a".repeat(500) })).toEqual({});
  });

  it("refuses unknown fields (no priceFen from the browser)", () => {
    expect(Object.keys(problems({ ...valid, priceFen: 1 }))).toEqual([""]);
  });

  it("requires a price", () => {
    expect(problems({ name: "茶", nameEn: "Tea" })).toHaveProperty("price");
  });
});

describe("updateProductSchema", () => {
  it("takes any subset", () => {
    expect(updateProductSchema.parse({ price: "9.90" })).toEqual({ price: 990 });
    expect(updateProductSchema.parse({ active: false })).toEqual({ active: false });
    expect(updateProductSchema.parse({})).toEqual({});
  });
  it("checks what it is given", () => {
    expect(problems({ name: "😀" }, updateProductSchema)).toEqual({
      name: "name must not contain emoji or other 4-byte characters",
    });
  });
});
