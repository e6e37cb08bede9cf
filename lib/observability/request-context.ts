import { AsyncLocalStorage } from "node:async_hooks";

// The request id of the request being handled, for every log line and audit row written on its
// behalf. Kept on globalThis: Next bundles route handlers and instrumentation separately, and the
// scope entered in one module graph must be visible to the logger of another.
interface RequestContext {
  requestId: string;
}

const KEY = Symbol.for("wxpay.requestContext");
const storage = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<RequestContext>()) as AsyncLocalStorage<RequestContext>;

/** Runs `fn` with `requestId` as the current request id (for everything it awaits). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The current request's id, or null outside a request (worker, delivery loop, scripts). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}
