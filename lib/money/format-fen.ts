/** ¥12.34 from 1234 fen. Integer arithmetic only: no float ever touches an amount. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new TypeError("amount must be an integer number of fen");
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}¥${yuan.toLocaleString("en-US")}.${cents}`;
}
