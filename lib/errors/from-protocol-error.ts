import {
  BillHashMismatchError,
  ConfigError,
  DecryptionError,
  ValidationError,
  WechatPayApiError,
  WechatPayError,
} from "@/lib/wechatpay";
import { type AppError, InternalError, UpstreamRejectedError, UpstreamUnavailableError } from "./app-error";

/**
 * The protocol library's errors and the one ConfigError as domain errors, for the HTTP answer
 * (lib/http/error-response) and the shopper pages (lib/checkout/page-error) alike; undefined for
 * anything else. WeChat Pay failing is "unavailable" when a retry may help, else "rejected". A
 * fault on our side before or after the call is a 500 with its own code: a retry meets it again,
 * so it must not read as "temporarily unavailable".
 */
export function fromProtocolError(err: unknown): AppError | undefined {
  if (err instanceof ConfigError)
    return new InternalError("CONFIG_ERROR", "The payment service is misconfigured", undefined, { cause: err });
  if (!(err instanceof WechatPayError)) return undefined;
  if (err instanceof ValidationError)
    return new InternalError(
      "INTERNAL_VALIDATION",
      `A WeChat Pay request broke a field limit before it was sent (${err.field})`,
      { field: err.field },
      { cause: err },
    );
  if (err instanceof DecryptionError)
    return new InternalError("DECRYPTION_FAILED", "A WeChat Pay resource could not be decrypted", undefined, {
      cause: err,
    });
  if (err instanceof BillHashMismatchError)
    return new InternalError("BILL_HASH_MISMATCH", "The downloaded bill does not match its hash", undefined, {
      cause: err,
    });
  if (err instanceof WechatPayApiError && !err.retryable)
    return new UpstreamRejectedError(err.code, `WeChat Pay refused the request (${err.code})`, { cause: err });
  return new UpstreamUnavailableError(undefined, { cause: err });
}
