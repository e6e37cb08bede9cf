/** A bill value that is not an amount we can read exactly. */
export class BillFormatError extends Error {
  override name = "BillFormatError";
}

/**
 * "29.00" → 2900, "-0.17400" → -17, by string arithmetic (never parseFloat × 100). Digits
 * past the fen must be zeros: a bill that says 0.175 yuan cannot be turned into fen exactly.
 */
export function billYuanToFen(value: string): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new BillFormatError(`not an amount: ${JSON.stringify(value.slice(0, 30))}`);
  const [, sign, whole, frac = ""] = m;
  if (/[^0]/.test(frac.slice(2))) throw new BillFormatError(`amount below one fen: ${value.slice(0, 30)}`);
  const digits = `${whole}${frac.slice(0, 2).padEnd(2, "0")}`.replace(/^0+(?=\d)/, "");
  if (digits.length > 15) throw new BillFormatError(`amount too large: ${value.slice(0, 30)}`);
  const fen = Number(digits);
  return sign && fen !== 0 ? -fen : fen;
}
