import { describe, expect, it } from "vitest";
import { BadRequestError } from "@/lib/errors/app-error";
import { describeOrder, priceOrder } from "./price-order";

const products = [
  { id: "a", name: "云南普洱茶饼", priceFen: 12800 },
  { id: "b", name: "测试商品", priceFen: 1 },
];

describe("priceOrder", () => {
  it("prices from the catalog and merges repeated products", () => {
    const r = priceOrder(products, [
      { productId: "a", quantity: 2 },
      { productId: "b", quantity: 3 },
      { productId: "a", quantity: 1 },
    ]);
    expect(r.totalFen).toBe(12800 * 3 + 3);
    expect(r.lines).toEqual([
      { productId: "a", name: "云南普洱茶饼", unitPriceFen: 12800, quantity: 3, lineTotalFen: 38400 },
      { productId: "b", name: "测试商品", unitPriceFen: 1, quantity: 3, lineTotalFen: 3 },
    ]);
  });

  it.each([
    [[{ productId: "zzz", quantity: 1 }], "UNKNOWN_PRODUCT"],
    [
      [
        { productId: "a", quantity: 60 },
        { productId: "a", quantity: 40 },
      ],
      "QUANTITY_TOO_LARGE",
    ],
  ])("refuses %j with %s", (items, code) => {
    try {
      priceOrder(products, items);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadRequestError);
      expect((e as BadRequestError).code).toBe(code);
    }
  });

  it("describes the order for WeChat Pay within 127 characters", () => {
    const { lines } = priceOrder(products, [
      { productId: "a", quantity: 2 },
      { productId: "b", quantity: 1 },
    ]);
    expect(describeOrder(lines)).toBe("云南普洱茶饼 等3件");
    expect(describeOrder([{ ...lines[0]!, name: "长".repeat(300), quantity: 1 }])).toHaveLength(127);
  });
});
