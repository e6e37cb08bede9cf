import type { z } from "zod";
import { decryptAesGcm } from "./aes-gcm";
import type { Instant } from "./clock";
import { AlgorithmError, DecryptionError, MalformedNotificationError } from "./errors";
import type { HeadersLike } from "./headers";
import {
  notificationEnvelopeSchema,
  refundResourceSchema,
  transactionResourceSchema,
  type NotificationEnvelope,
  type RefundResource,
  type TransactionResource,
} from "./resources";
import { verifySignedPayload } from "./verify-signed-payload";
import type { Verifier } from "./verifier";

export interface ParseNotificationInput {
  /** `await request.text()`: the exact bytes WeChat Pay signed. */
  rawBody: string;
  headers: HeadersLike;
  now?: Instant;
  verifier: Verifier;
  apiV3Key: string;
}

interface Parsed<K extends string, R> {
  envelope: NotificationEnvelope;
  kind: K;
  resource: R;
  requestId: string | undefined;
}

/**
 * `other` is a verified, decrypted event this library has no schema for: answer 204 so
 * WeChat Pay does not retry it for a day, and ignore it.
 */
export type ParsedNotification =
  Parsed<"transaction", TransactionResource> | Parsed<"refund", RefundResource> | Parsed<"other", unknown>;

function parseJson(text: string, what: string, requestId: string | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new MalformedNotificationError(`${what} is not valid JSON`, { cause, requestId });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string, requestId: string | undefined): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const where = result.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
  throw new MalformedNotificationError(`${what} has an unexpected shape at ${where}`, {
    cause: result.error,
    requestId,
  });
}

/** The refund state each refund event announces; a resource saying otherwise is not that event. */
const REFUND_EVENT_STATUS: Record<string, RefundResource["refund_status"]> = {
  "REFUND.SUCCESS": "SUCCESS",
  "REFUND.ABNORMAL": "ABNORMAL",
  "REFUND.CLOSED": "CLOSED",
};

function mismatch(eventType: string, what: string, requestId: string | undefined): MalformedNotificationError {
  return new MalformedNotificationError(`${eventType.slice(0, 40)} carries ${what.slice(0, 60)}`, { requestId });
}

/**
 * WeChat Pay seals transaction events with associated_data and original_type "transaction",
 * refund events with "refund". Another value means the resource is not what event_type says.
 */
function sealedFor(envelope: NotificationEnvelope, kind: string, requestId: string | undefined): void {
  const { associated_data: aad, original_type: original } = envelope.resource;
  if (aad !== undefined && aad !== "" && aad !== kind)
    throw mismatch(envelope.event_type, `associated_data ${aad}`, requestId);
  if (original !== undefined && original !== kind)
    throw mismatch(envelope.event_type, `original_type ${original}`, requestId);
}

/** Verify → parse envelope → decrypt → validate. Nothing is parsed before the signature holds. */
export async function parseNotification(input: ParseNotificationInput): Promise<ParsedNotification> {
  const { requestId } = await verifySignedPayload(input);
  const envelope = validate(
    notificationEnvelopeSchema,
    parseJson(input.rawBody, "Notification body", requestId),
    "Notification envelope",
    requestId,
  );
  if (envelope.resource.algorithm !== "AEAD_AES_256_GCM") {
    throw new AlgorithmError(`Unsupported resource algorithm ${envelope.resource.algorithm.slice(0, 40)}`, {
      requestId,
    });
  }
  let plaintext: string;
  try {
    plaintext = decryptAesGcm({
      apiV3Key: input.apiV3Key,
      nonce: envelope.resource.nonce,
      associatedData: envelope.resource.associated_data ?? "",
      ciphertext: envelope.resource.ciphertext,
    });
  } catch (error) {
    // Re-thrown with the Request-ID so the failure can be traced in WeChat Pay's logs.
    if (error instanceof DecryptionError) throw new DecryptionError(error.message, { cause: error.cause, requestId });
    throw error;
  }
  const data = parseJson(plaintext, "Decrypted resource", requestId);
  const eventType = envelope.event_type;
  if (eventType.startsWith("TRANSACTION.")) {
    sealedFor(envelope, "transaction", requestId);
    const resource = validate(transactionResourceSchema, data, "Transaction resource", requestId);
    if (eventType === "TRANSACTION.SUCCESS" && resource.trade_state !== "SUCCESS") {
      throw mismatch(eventType, `trade_state ${resource.trade_state}`, requestId);
    }
    return { envelope, kind: "transaction", resource, requestId };
  }
  if (eventType.startsWith("REFUND.")) {
    sealedFor(envelope, "refund", requestId);
    const resource = validate(refundResourceSchema, data, "Refund resource", requestId);
    const expected = REFUND_EVENT_STATUS[eventType];
    if (expected && resource.refund_status !== expected) {
      throw mismatch(eventType, `refund_status ${resource.refund_status}`, requestId);
    }
    return { envelope, kind: "refund", resource, requestId };
  }
  return { envelope, kind: "other", resource: data, requestId };
}
