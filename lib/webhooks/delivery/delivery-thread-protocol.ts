// Messages between the app's main thread and the webhook delivery thread (delivery-thread.ts).

/** Main thread → delivery thread. */
export type ToDeliveryThread =
  /** Events were committed in the main thread: run a round soon (eventsWritten, relayed). */
  | { type: "nudge" }
  /** Finish the round in flight, close the pools, answer `stopped`. */
  | { type: "stop" };

/** Delivery thread → main thread. */
export type FromDeliveryThread =
  /** The loop is running (its pools are open). */
  | { type: "ready"; nice: number | null }
  /** One round's attempts by outcome, for the main thread's metrics (prom-client lives there). */
  | { type: "round"; delivered: number; retrying: number; failed: number; released: number }
  | { type: "stopped" };

/** The bundle build-scripts writes for the thread, relative to the app's working directory. */
export const DELIVERY_THREAD_FILE = ".build/lib/webhooks/delivery/delivery-thread.cjs";
