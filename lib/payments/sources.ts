/** Where a piece of WeChat Pay state came from: a verified notification, or our own query. */
export type StateSource =
  | { kind: "notification"; notificationId: string; eventType: string; requestId?: string; serial?: string }
  | { kind: "query"; requestId?: string }
  | { kind: "response"; requestId?: string };

export interface MerchantIdentity {
  mchId: string;
  appId: string;
  /** Which context speaks: a live notification never touches test data, nor a test one live data. */
  livemode: boolean;
}

export type ApplyOutcome =
  /** The notification id was already stored: nothing was done, answer 204. */
  | { result: "DUPLICATE" }
  /** `flag`: applied because it is true (money was taken), but an admin must act (DOUBLE_PAYMENT). */
  | { result: "TRANSITIONED"; id: string; from: string; to: string; flag?: string }
  /** Valid and already reflected (or a state that implies no move, such as NOTPAY). */
  | { result: "UNCHANGED"; id: string; status: string }
  /** Verified but inconsistent with what we stored: recorded for an admin, never applied. */
  | { result: "FLAGGED"; reason: string; id?: string };
