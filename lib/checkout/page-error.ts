import { AppError } from "@/lib/errors/app-error";
import { fromProtocolError } from "@/lib/errors/from-protocol-error";

type PageErrorKind = "paid" | "closed" | "expired" | "upstream" | "notFound" | "signIn";

/** How a shopper page presents a failed prepay; null for errors it should not swallow. */
export function pageErrorKind(err: unknown): PageErrorKind | null {
  // The same reading as the HTTP answer: our own faults (CONFIG_ERROR, …) are not "upstream".
  const appErr = err instanceof AppError ? err : fromProtocolError(err);
  if (!appErr) return null;
  switch (appErr.code) {
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
