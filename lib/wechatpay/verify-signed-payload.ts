import { toMs, unixSeconds, type Instant } from "./clock";
import { AlgorithmError, SignatureError, SigntestProbeError, TimestampError, UnknownSerialError } from "./errors";
import { getHeader, type HeadersLike } from "./headers";
import { joinLines } from "./sign-message";
import { SIGNATURE_SCHEME } from "./build-authorization";
import type { Verifier } from "./verifier";

export const TIMESTAMP_WINDOW_SECONDS = 300;
const SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/";

export interface SignedPayloadInput {
  headers: HeadersLike;
  /** The body exactly as received (never re-serialised JSON); "" for an empty 204. */
  rawBody: string;
  /** Defaults to the current time. */
  now?: Instant;
  verifier: Verifier;
}

export interface VerifiedHeaders {
  serial: string;
  timestamp: number;
  nonce: string;
  requestId: string | undefined;
}

function required(headers: HeadersLike, name: string, requestId: string | undefined): string {
  const value = getHeader(headers, name);
  if (!value) throw new SignatureError(`Missing ${name} header`, { requestId });
  // No Wechatpay-* value contains a comma: one means the header came twice and was joined
  // ("a, b"), and base64 decoding would quietly read only the first signature.
  if (value.includes(",")) throw new SignatureError(`Repeated ${name} header`, { requestId });
  return value;
}

function check(input: SignedPayloadInput): VerifiedHeaders & { signature: string; timestampText: string } {
  const { headers } = input;
  const requestId = getHeader(headers, "Request-ID");
  const signature = required(headers, "Wechatpay-Signature", requestId);
  const serial = required(headers, "Wechatpay-Serial", requestId);
  const timestampText = required(headers, "Wechatpay-Timestamp", requestId);
  const nonce = required(headers, "Wechatpay-Nonce", requestId);

  const scheme = getHeader(headers, "Wechatpay-Signature-Type");
  // Absent means the default scheme (older responses omit it); anything else is refused.
  if (scheme !== undefined && scheme !== SIGNATURE_SCHEME) {
    throw new AlgorithmError(`Unsupported Wechatpay-Signature-Type ${scheme.slice(0, 40)}`, { requestId });
  }
  if (signature.startsWith(SIGNTEST_PREFIX)) {
    throw new SigntestProbeError("WeChat Pay signature probe (WECHATPAY/SIGNTEST/) rejected", { requestId });
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) {
    throw new SignatureError("Wechatpay-Signature is not base64", { requestId });
  }
  if (!/^\d{1,12}$/.test(timestampText)) throw new TimestampError("Malformed Wechatpay-Timestamp", { requestId });
  const timestamp = Number(timestampText);
  const now = unixSeconds(input.now === undefined ? Date.now() : toMs(input.now));
  if (Math.abs(now - timestamp) >= TIMESTAMP_WINDOW_SECONDS) {
    throw new TimestampError(`Wechatpay-Timestamp is ${now - timestamp} s from now (window ±300 s)`, { requestId });
  }
  return { serial, timestamp, timestampText, nonce, signature, requestId };
}

function finish(input: SignedPayloadInput, checked: ReturnType<typeof check>): VerifiedHeaders {
  const { serial, timestamp, timestampText, nonce, signature, requestId } = checked;
  if (!input.verifier.verify(serial, joinLines(timestampText, nonce, input.rawBody), signature)) {
    throw new SignatureError("Wechatpay-Signature does not match the body", { requestId });
  }
  return { serial, timestamp, nonce, requestId };
}

/**
 * Verifies a WeChat Pay response or notification over `TIMESTAMP\nNONCE\nRAW_BODY\n`.
 * Checks run cheapest first; every failure is a distinct typed error and nothing fails open.
 * An unknown serial gets the verifier's (rate-limited) refresh once, then UnknownSerialError.
 */
export async function verifySignedPayload(input: SignedPayloadInput): Promise<VerifiedHeaders> {
  const checked = check(input);
  const { verifier } = input;
  if (!verifier.has(checked.serial) && !(verifier.refreshFor && (await verifier.refreshFor(checked.serial)))) {
    throw new UnknownSerialError(checked.serial, { requestId: checked.requestId });
  }
  return finish(input, checked);
}

/**
 * Same checks without any key refresh: for verifiers that hold every key up front (public-key
 * mode) or when a caller cannot await. An unknown serial fails at once.
 */
export function verifySignedPayloadSync(input: SignedPayloadInput): VerifiedHeaders {
  const checked = check(input);
  if (!input.verifier.has(checked.serial)) {
    throw new UnknownSerialError(checked.serial, { requestId: checked.requestId });
  }
  return finish(input, checked);
}

/** Alias used for API responses; same rules as notifications. */
export const verifyResponseSignature = verifySignedPayload;
