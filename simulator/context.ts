import type { Clock } from "./clock";
import type { Identity } from "./crypto/keys";
import type { Faults } from "./faults";
import type { Notifier } from "./notifier";
import type { PlatformCertificates } from "./platform-certificates";
import type { PlatformSigner } from "./signer";
import type { Store } from "./store";

export interface SimOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Multiplies the notification retry schedule (0.01: 15 s -> 150 ms). */
  timeScale: number;
  /** PROCESSING -> SUCCESS delay for refunds; negative = only on request. */
  refundDelayMs: number;
  /** How long a notify_url gets to answer. */
  notifyTimeoutMs: number;
  /** How long a "timeout" fault holds the connection before dropping it. */
  faultTimeoutMs: number;
  log: boolean;
}

/** Everything a route needs. */
export interface SimContext {
  options: SimOptions;
  identity: Identity;
  store: Store;
  clock: Clock;
  /** Platform certificates, rotating on the business clock. */
  certificates: PlatformCertificates;
  signer: PlatformSigner;
  notifier: Notifier;
  faults: Faults;
  /** Base URL the simulator is reachable at (http://127.0.0.1:PORT). */
  baseUrl: () => string;
  /** Next JSAPI payments to fail (control API). */
  jsapi: { failNext: number };
  timers: Set<NodeJS.Timeout>;
}
