import type { KeyObject } from "node:crypto";
import type { z } from "zod";
import type { Clock } from "./clock";
import { UnexpectedResponseError } from "./errors";
import { send, type RawResponse, type TransportOptions, type TransportRequest } from "./transport";
import { verifyResponseSignature } from "./verify-signed-payload";
import type { Verifier } from "./verifier";

/** What every endpoint function needs; built once by createWechatPayClient. */
export interface ClientContext {
  mchid: string;
  appid: string;
  apiV3Key: string;
  privateKey: KeyObject;
  verifier: Verifier;
  clock: Clock;
  nonce: () => string;
  transport: TransportOptions;
  /** http notify URLs are accepted only off WeChat Pay's own hosts (the simulator). */
  allowHttpNotifyUrl: boolean;
}

export type WithRequestId<T> = T & { requestId: string | undefined };

/** Sends, then verifies the 2xx signature over the raw bytes (unsigned 2xx is an error). */
export async function sendVerified(
  ctx: ClientContext,
  request: TransportRequest,
  verifier: Verifier = ctx.verifier,
): Promise<RawResponse> {
  const response = await send(ctx.transport, request);
  await verifyResponseSignature({ headers: response.headers, rawBody: response.text, now: ctx.clock(), verifier });
  return response;
}

/** Parses a verified JSON body against its schema. */
export function parseBody<T>(response: RawResponse, schema: z.ZodType<T>): WithRequestId<T> {
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch (cause) {
    throw new UnexpectedResponseError("Signed response is not JSON", { cause, requestId: response.requestId });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
    throw new UnexpectedResponseError(`Signed response has an unexpected shape at ${where}`, {
      cause: result.error,
      requestId: response.requestId,
    });
  }
  return { ...result.data, requestId: response.requestId };
}

export async function callApi<T>(
  ctx: ClientContext,
  request: TransportRequest,
  schema: z.ZodType<T>,
): Promise<WithRequestId<T>> {
  return parseBody(await sendVerified(ctx, request), schema);
}

/** `encodeURIComponent` for a path segment (identifiers are already charset-checked). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
