import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { fieldError } from "@/lib/checkout-sessions/field-error";
import { isForbiddenAddress, isLoopbackAddress } from "../address-policy";

/** Which receivers the configuration allows (getConfig().webhooks). */
export interface EndpointUrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE=1: http and any address. */
  allowPrivate: boolean;
  /** Demo mode: http and loopback addresses (a receiver on the developer's machine). */
  allowLoopback: boolean;
}

/** dns.promises.lookup's shape with `{all: true}`; tests pass a fake resolver. */
export type LookupAll = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

const MAX_URL_LENGTH = 2048;

/**
 * Checks an endpoint URL when it is saved and returns it normalised (WHATWG serialisation).
 * Every refusal is a 400 VALIDATION_ERROR on `url` with a message an admin can act on. The
 * hostname is resolved and every address checked: one private answer among public ones is
 * enough to refuse, since the delivery could connect to any of them. This is a save-time check
 * only; the delivery engine checks the address it actually connects to (DNS can change).
 */
export async function checkEndpointUrl(
  raw: string,
  policy: EndpointUrlPolicy,
  lookup: LookupAll = dnsLookup as LookupAll,
): Promise<string> {
  const refuse = (message: string) => fieldError(["url"], message);
  if (raw.length > MAX_URL_LENGTH) throw refuse(`url must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("url must be an absolute URL such as https://example.com/webhooks");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("url must use https");
  if (url.username || url.password) throw refuse("url must not contain a user name or password");
  if (url.hash) throw refuse("url must not contain a #fragment");

  const host = url.hostname.replace(/^\[(.*)\]$/, "$1"); // [::1] → ::1
  const addresses = isIP(host) ? [host] : await resolve(host, lookup, refuse);
  const allLoopback = addresses.every(isLoopbackAddress);

  if (url.protocol === "http:" && !policy.allowPrivate && !(policy.allowLoopback && allLoopback)) {
    throw refuse(
      policy.allowLoopback
        ? "url must use https (plain http is allowed for loopback receivers only)"
        : "url must use https (plain http needs WEBHOOK_ALLOW_PRIVATE=1)",
    );
  }
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => isForbiddenAddress(a) && !(policy.allowLoopback && isLoopbackAddress(a)));
    if (bad !== undefined) {
      throw refuse(
        `url resolves to ${bad}, a private, loopback, link-local or reserved address (allowed only with WEBHOOK_ALLOW_PRIVATE=1)`,
      );
    }
  }
  return url.toString();
}

async function resolve(host: string, lookup: LookupAll, refuse: (m: string) => Error): Promise<string[]> {
  try {
    const answers = await lookup(host, { all: true });
    if (answers.length === 0) throw new Error("no addresses");
    return answers.map((a) => a.address);
  } catch {
    throw refuse(`url's host ${host} does not resolve`);
  }
}
