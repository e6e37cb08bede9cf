import { isIP } from "node:net";
import { getConfig } from "@/lib/config";

/**
 * The TCP peer of the request, written by instrumentation.ts on every request before Next sees
 * it (any value a client sends under this name is overwritten). Route handlers have no socket;
 * this header is how the socket address reaches them.
 */
export const PEER_ADDRESS_HEADER = "x-checkout-peer-address";

/** Used when no peer address reached the handler (a handler called directly in a test). */
const UNKNOWN_PEER = "127.0.0.1";

/** `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `::ffff:1.2.3.4` → the bare address, or null. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let v = raw?.trim();
  if (!v) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) ? v.toLowerCase() : null;
}

/**
 * The client's address for rate limits, the audit log and WeChat Pay's payer_client_ip.
 *
 * `trustedHops` (TRUST_PROXY_HOPS) is how many reverse proxies stand between the client and
 * the app. Each appends the address it received the request from to X-Forwarded-For, so the
 * chain seen here is `[client-supplied…, hop entries…, socket peer]`: with N trusted hops the
 * client is the N-th entry from the right of X-Forwarded-For. Everything left of it was written
 * by the client and is ignored. With 0 hops, or when the header has fewer entries than hops
 * (someone reached the app around the proxy), or the entry is not an IP, the socket peer is used.
 */
export function clientAddress(headers: Headers, trustedHops: number): string {
  const peer = normalizeAddress(headers.get(PEER_ADDRESS_HEADER)) ?? UNKNOWN_PEER;
  if (trustedHops <= 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded.length < trustedHops) return peer;
  return normalizeAddress(forwarded[forwarded.length - trustedHops]) ?? peer;
}

/** clientAddress with the configured TRUST_PROXY_HOPS. */
export function clientIp(headers: Headers): string {
  return clientAddress(headers, getConfig().http.trustProxyHops);
}

/** next-auth hands `authorize` the request headers as a plain object. */
export function headersFromRecord(record: Record<string, unknown> | undefined): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(record ?? {})) {
    if (typeof v === "string") h.set(k, v);
    else if (Array.isArray(v)) h.set(k, v.filter((x) => typeof x === "string").join(", "));
  }
  return h;
}
