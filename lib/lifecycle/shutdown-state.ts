// Whether this process is shutting down, shared by every bundle Next makes of the app (each
// route and instrumentation.ts get their own copy of this module): kept on globalThis.

interface ShutdownState {
  draining: boolean;
  controller: AbortController;
}

const KEY = Symbol.for("wxpay.shutdown");
const state = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  draining: false,
  controller: new AbortController(),
} satisfies ShutdownState) as ShutdownState;

/** True from the first SIGTERM/SIGINT on: readiness answers 503 at once. */
export function isDraining(): boolean {
  return state.draining;
}

export function startDraining(): void {
  state.draining = true;
}

/** Aborted when the server stops taking connections: long-lived responses (status streams) end then. */
export function shutdownSignal(): AbortSignal {
  return state.controller.signal;
}

export function endLongLivedResponses(): void {
  state.controller.abort();
}
