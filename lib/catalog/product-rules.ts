import { parseYuan } from "@/lib/money/parse-yuan";
import { isWechatText } from "@/lib/wechatpay/validation";

// The product form's rules, pure and browser-safe: the admin form checks them before sending
// (with localized messages) and the server's zod schema (product-input.ts) enforces the same
// functions. Names end up in WeChat Pay's `description`, so they follow its rules.

const NAME_MAX = 60;
const DESCRIPTION_MAX = 500;
const SKU_MAX = 64;
const MIN_PRICE_FEN = 1; // ¥0.01
const MAX_PRICE_FEN = 10_000_000; // ¥100,000.00
export const SORT_ORDER_LIMIT = 1_000_000;

export type FieldProblem = "EMPTY" | "TOO_LONG" | "EMOJI" | "CONTROL" | "FORMAT" | "PRECISION" | "ZERO" | "TOO_LARGE";

export type ProductField = "name" | "nameEn" | "description" | "descriptionEn" | "price" | "sku" | "sortOrder";

const chars = (s: string) => [...s].length;

/** A name (one line) or a description (newlines allowed); both 1–3-byte UTF-8 only. */
export function textProblem(value: string, kind: "name" | "description"): FieldProblem | null {
  const s = value.trim();
  if (kind === "name" && s === "") return "EMPTY";
  if (chars(s) > (kind === "name" ? NAME_MAX : DESCRIPTION_MAX)) return "TOO_LONG";
  if (!isWechatText(s)) return "EMOJI";
  const control = kind === "name" ? /\p{Cc}/u : /[^\P{Cc}\n\r\t]/u;
  if (control.test(s)) return "CONTROL";
  return null;
}

/** Yuan as typed ("12.34", "12.3", "12") → exact integer fen within ¥0.01–¥100,000.00. */
export function priceToFen(value: string): { ok: true; fen: number } | { ok: false; problem: FieldProblem } {
  const r = parseYuan(value);
  if (!r.ok) return { ok: false, problem: r.error };
  if (r.fen < MIN_PRICE_FEN) return { ok: false, problem: "ZERO" };
  if (r.fen > MAX_PRICE_FEN) return { ok: false, problem: "TOO_LARGE" };
  return { ok: true, fen: r.fen };
}

/** Blank is fine (the server generates one); otherwise letters, digits, `.`, `_`, `-`. */
export function skuProblem(value: string): FieldProblem | null {
  const s = value.trim();
  if (s === "") return null;
  if (s.length > SKU_MAX) return "TOO_LONG";
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) ? null : "FORMAT";
}

export function sortOrderProblem(value: string): FieldProblem | null {
  const s = value.trim();
  if (s === "") return null;
  if (!/^-?\d{1,7}$/.test(s)) return "FORMAT";
  return Math.abs(Number(s)) > SORT_ORDER_LIMIT ? "TOO_LARGE" : null;
}

/** English messages for the API's VALIDATION_ERROR details (the admin UI localizes by problem). */
export function problemMessage(field: ProductField, problem: FieldProblem): string {
  const max = field === "name" || field === "nameEn" ? NAME_MAX : field === "sku" ? SKU_MAX : DESCRIPTION_MAX;
  if (field === "price") {
    const price: Partial<Record<FieldProblem, string>> = {
      EMPTY: "price must not be empty",
      PRECISION: "price takes at most two decimals",
      ZERO: "price must be at least 0.01",
      TOO_LARGE: "price must be at most 100000.00",
    };
    return price[problem] ?? "price must be a yuan amount such as 12.34";
  }
  if (field === "sortOrder") return `sortOrder must be an integer between -${SORT_ORDER_LIMIT} and ${SORT_ORDER_LIMIT}`;
  switch (problem) {
    case "EMPTY":
      return `${field} must not be empty`;
    case "TOO_LONG":
      return `${field} must be at most ${max} characters`;
    case "EMOJI":
      return `${field} must not contain emoji or other 4-byte characters`;
    case "CONTROL":
      return `${field} must not contain control characters`;
    default:
      return field === "sku" ? "sku takes letters, digits, '.', '_' and '-'" : `${field} is not valid`;
  }
}
