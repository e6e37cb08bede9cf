import { AppError } from "@/lib/errors/app-error";
import { WechatPayError } from "@/lib/wechatpay";

export type PageErrorKind = "paid" | "closed" | "expired" | "upstream" | "notFound" | "signIn";

/** How a shopper page presents a failed prepay; null for errors it should not swallow. */
export function pageErrorKind(err: unknown): PageErrorKind | null {
  if (err instanceof WechatPayError) return "upstream";
  if (!(err instanceof AppError)) return null;
  switch (err.code) {
    case "ORDER_ALREADY_PAID":
      return "paid";
    case "ORDER_CLOSED":
      return "closed";
    case "ORDER_EXPIRED":
      return "expired";
    case "NOT_FOUND":
      return "notFound";
    case "OPENID_REQUIRED":
    case "UNAUTHORIZED":
      return "signIn";
    case "UPSTREAM_UNAVAILABLE":
    case "UPSTREAM_REJECTED":
      return "upstream";
    default:
      return null;
  }
}
