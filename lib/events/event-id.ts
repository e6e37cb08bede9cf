import { randomBase62 } from "@/lib/ids/random-base62";

export const EVENT_ID_PATTERN = /^evt_[0-9A-Za-z]{24}$/;

/** `evt_` + 24 base62 characters (~143 bits); also the Standard Webhooks `webhook-id`. */
export const newEventId = () => `evt_${randomBase62(24)}`;
