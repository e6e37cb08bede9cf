import {
  AlgorithmError,
  DecryptionError,
  MalformedNotificationError,
  SignatureError,
  SigntestProbeError,
  TimestampError,
  UnknownSerialError,
} from "@/lib/wechatpay";

/** Why a notification was refused before anything was applied; `status` is what WeChat Pay gets. */
export interface Rejection {
  status: 400 | 401 | 413;
  reason: string;
}

/**
 * The notify endpoint speaks WeChat Pay's protocol, not our API's: failures are answered
 * `{"code":"FAIL","message":…}` and any non-2xx makes WeChat Pay retry. This is the one place
 * the notification errors become HTTP statuses. Unknown errors return null (→ 500, transient).
 */
export function classifyRejection(err: unknown): Rejection | null {
  // Subclasses first: each extends SignatureError.
  if (err instanceof SigntestProbeError) return { status: 401, reason: "SIGNTEST_PROBE" };
  if (err instanceof TimestampError) return { status: 401, reason: "TIMESTAMP" };
  if (err instanceof UnknownSerialError) return { status: 401, reason: "UNKNOWN_SERIAL" };
  if (err instanceof SignatureError) return { status: 401, reason: "SIGNATURE" };
  if (err instanceof AlgorithmError) return { status: 400, reason: "ALGORITHM" };
  if (err instanceof DecryptionError) return { status: 400, reason: "DECRYPTION" };
  if (err instanceof MalformedNotificationError) return { status: 400, reason: "MALFORMED" };
  return null;
}

export function failResponse(status: number, message: string): Response {
  return Response.json({ code: "FAIL", message }, { status });
}

/** 204 with no body: WeChat Pay stops retrying on any 2xx. */
export function acceptedResponse(): Response {
  return new Response(null, { status: 204 });
}
