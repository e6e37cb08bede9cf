/** Why a typed yuan amount was refused; the UI maps each to a message. */
type ParseYuanError = "EMPTY" | "FORMAT" | "PRECISION" | "ZERO" | "TOO_LARGE";

type ParseYuanResult = { ok: true; fen: number } | { ok: false; error: ParseYuanError };

// WeChat Pay amounts are int32 fen; stay well inside Number's exact integer range too.
const MAX_FEN = 2_147_483_647;

/**
 * "12.3" → 1230 fen by string arithmetic: never `parseFloat(x) * 100` (0.29 * 100 is
 * 28.999999999999996). Accepts digits with at most two decimals; no sign, exponent or grouping.
 */
export function parseYuan(input: string): ParseYuanResult {
  const s = input.trim();
  if (s === "") return { ok: false, error: "EMPTY" };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s);
  if (!m) return { ok: false, error: "FORMAT" };
  const whole = m[1] ?? "";
  const frac = m[2] ?? "";
  if (frac.length > 2) return { ok: false, error: "PRECISION" };
  const digits = (whole.replace(/^0+/, "") + frac.padEnd(2, "0")).replace(/^0+/, "");
  if (digits === "") return { ok: false, error: "ZERO" };
  if (digits.length > 10) return { ok: false, error: "TOO_LARGE" };
  const fen = Number(digits);
  if (fen > MAX_FEN) return { ok: false, error: "TOO_LARGE" };
  return { ok: true, fen };
}

/** 1230 → "12.30": the inverse, for prefilling the form (no currency sign). */
export function fenToYuanString(fen: number): string {
  const s = String(Math.abs(Math.trunc(fen))).padStart(3, "0");
  return `${fen < 0 ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}
