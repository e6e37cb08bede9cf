import { randomUUID } from "node:crypto";

/** Request ids we accept from a caller (a proxy, a load balancer, a merchant's server). */
const WELL_FORMED = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-request-id` when it is 1–64 of [A-Za-z0-9._-], else null (never echoed or logged). */
function parseRequestId(raw: string | null | undefined): string | null {
  return raw != null && WELL_FORMED.test(raw) ? raw : null;
}

/** The id for a request: the caller's if well-formed, else a fresh UUID. */
export function requestIdFor(raw: string | null | undefined): string {
  return parseRequestId(raw) ?? randomUUID();
}

export const REQUEST_ID_HEADER = "x-request-id";
