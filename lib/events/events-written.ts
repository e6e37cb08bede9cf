// An in-process nudge: code that committed events calls eventsWritten(), and the webhook
// delivery loop (subscribed in the same process) fans them out at once instead of waiting for
// its next poll. Only a latency hint: other instances find the rows by polling, and nothing is
// lost when no one listens. Kept on globalThis because Next bundles route handlers and
// instrumentation separately, each with its own copy of this module.

type Listener = () => void;
const KEY = Symbol.for("wxpay.eventsWritten");
const listeners = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Set<Listener>()) as Set<Listener>;

export function eventsWritten(): void {
  for (const l of listeners) l();
}

/** Returns the unsubscribe function. */
export function onEventsWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
