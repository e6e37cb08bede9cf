import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { isForbiddenAddress, isLoopbackAddress } from "@/lib/webhooks/address-policy";
import { ForbiddenAddressError } from "./webhook-errors";

/** Where webhooks may go: config.webhooks.allowPrivate / allowLoopback. */
export interface AddressPolicy {
  allowPrivate: boolean;
  allowLoopback: boolean;
}

export function addressAllowed(address: string, p: AddressPolicy): boolean {
  return p.allowPrivate || !isForbiddenAddress(address) || (p.allowLoopback && isLoopbackAddress(address));
}

/** dns.lookup's shape, always asked for every address (tests inject a resolver that "changes DNS"). */
export type ResolveAll = (hostname: string, family: number | undefined) => Promise<LookupAddress[]>;

const systemResolveAll: ResolveAll = (hostname, family) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, family: family ?? 0 }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/**
 * A `lookup` for net.connect that drops every address the policy forbids, so the socket can only
 * ever connect to an allowed one: the check happens on the addresses actually used, at connect
 * time, not on what the URL resolved to when it was saved (DNS rebinding). Node calls it with
 * `all: true` when it races IPv4 and IPv6 (autoSelectFamily), with `all: false` otherwise.
 */
export function guardedLookup(policy: AddressPolicy, resolveAll: ResolveAll = systemResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    const family = typeof options.family === "number" ? options.family : undefined;
    resolveAll(hostname, family).then(
      (addresses) => {
        const allowed = addresses.filter((a) => addressAllowed(a.address, policy));
        const first = allowed[0];
        if (!first) return callback(new ForbiddenAddressError(hostname), "", 0);
        if (options.all) callback(null, allowed);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}
