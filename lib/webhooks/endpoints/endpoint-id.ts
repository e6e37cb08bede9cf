import { randomBase62 } from "@/lib/ids/random-base62";

/** The database CHECK's pattern (migration 20261201221516_webhooks). */
export const ENDPOINT_ID_PATTERN = /^we_[0-9A-Za-z]{24}$/;

/** `we_` + 24 base62 characters (~143 bits): unguessable, so an id in a URL leaks nothing. */
export const newEndpointId = () => `we_${randomBase62(24)}`;
