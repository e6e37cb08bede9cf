import type { OrderRow } from "./list-orders";

export const CSV_HEADER = [
  "order_no",
  "status",
  "total_fen",
  "total_yuan",
  "created_at",
  "out_trade_no",
  "transaction_id",
  "channel",
  "payment_status",
  "refunded_fen",
  "paid_at",
  "description",
];

/**
 * One CSV field: quoted when needed, and a leading = + - @ (or tab/CR) is prefixed with ' so a
 * spreadsheet never runs a product description as a formula (CSV injection).
 */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

/** One line per order; the latest payment attempt's identifiers (the one that took money, if any). */
export function orderCsvLine(o: OrderRow): string {
  const p = o.payments.find((x) => x.paidAt) ?? o.payments[0];
  return csvLine([
    o.orderNo,
    o.status,
    o.totalFen,
    yuan(o.totalFen),
    o.createdAt.toISOString(),
    p?.outTradeNo,
    p?.transactionId,
    p?.channel,
    p?.status,
    p?.refundedFen,
    p?.paidAt?.toISOString(),
    o.description,
  ]);
}
