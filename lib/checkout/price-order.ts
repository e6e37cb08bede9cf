import { BadRequestError } from "@/lib/errors/app-error";

interface PricedProduct {
  id: string;
  name: string;
  priceFen: number;
}

interface RequestedItem {
  productId: string;
  quantity: number;
}

export interface PricedLine {
  productId: string;
  name: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
}

export const MAX_QUANTITY = 99;
/** WeChat Pay's amount.total is an int32 of fen; stay far below it. */
const MAX_ORDER_FEN = 100_000_000;

/**
 * Prices requested items from catalog rows only (the browser never sends an amount). The same
 * product requested twice becomes one line; unknown or inactive products are refused.
 */
export function priceOrder(
  products: readonly PricedProduct[],
  items: readonly RequestedItem[],
): { lines: PricedLine[]; totalFen: number } {
  const byId = new Map(products.map((p) => [p.id, p]));
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
  const unknown = [...quantities.keys()].filter((id) => !byId.has(id));
  if (unknown.length)
    throw new BadRequestError("Some products are not available", { productIds: unknown }, "UNKNOWN_PRODUCT");
  const lines = [...quantities].map(([productId, quantity]) => {
    if (quantity > MAX_QUANTITY)
      throw new BadRequestError(`At most ${MAX_QUANTITY} of one product`, { productId }, "QUANTITY_TOO_LARGE");
    const p = byId.get(productId)!;
    return { productId, name: p.name, unitPriceFen: p.priceFen, quantity, lineTotalFen: p.priceFen * quantity };
  });
  const totalFen = lines.reduce((sum, l) => sum + l.lineTotalFen, 0);
  if (totalFen < 1 || totalFen > MAX_ORDER_FEN)
    throw new BadRequestError("The order total is out of range", { totalFen }, "TOTAL_OUT_OF_RANGE");
  return { lines, totalFen };
}

/** WeChat Pay's description (≤ 127 chars): the first item, and how many more. */
export function describeOrder(lines: readonly PricedLine[]): string {
  const first = lines[0]!.name;
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  const text = count > 1 ? `${first} 等${count}件` : first;
  return [...text].slice(0, 127).join("");
}
