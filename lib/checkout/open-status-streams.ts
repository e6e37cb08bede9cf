// Every status stream open in this process, in one Set, served by ONE timer and ONE shutdown
// listener. Per stream that saves two timers (heartbeat interval + lifetime timeout) and an
// abort listener on the shared shutdown signal (5,000 streams were 5,000 listeners on one
// AbortSignal: Node's MaxListenersExceededWarning). Kept on globalThis: Next bundles each route
// with its own copy of this module, and shutdown must reach every stream.
import { shutdownSignal } from "@/lib/lifecycle/shutdown-state";

/** A comment line this often keeps proxies and the browser from timing the stream out. */
export const HEARTBEAT_MS = 15_000;

export interface OpenStream {
  /** Epoch ms after which the stream ends (checked on each heartbeat: may end ≤ HEARTBEAT_MS late). */
  readonly endsAt: number;
  heartbeat(): void;
  close(): void;
}

interface Registry {
  streams: Set<OpenStream>;
  timer: NodeJS.Timeout | null;
  shutdownHooked: boolean;
}

const KEY = Symbol.for("wxpay.openStatusStreams");
const registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  streams: new Set(),
  timer: null,
  shutdownHooked: false,
} satisfies Registry) as Registry;

/** One pass of the shared timer: streams past their lifetime end, the others get a heartbeat. */
export function tickOpenStreams(now = Date.now()): void {
  for (const s of [...registry.streams]) {
    if (now >= s.endsAt) s.close();
    else s.heartbeat();
  }
}

function closeAll(): void {
  for (const s of [...registry.streams]) s.close();
}

/**
 * Registers an open stream; false (not registered) when the process is shutting down, so the
 * caller ends it at once. The stream calls `unregister` from its close().
 */
export function registerOpenStream(stream: OpenStream): boolean {
  const stopping = shutdownSignal();
  if (stopping.aborted) return false;
  if (!registry.shutdownHooked) {
    registry.shutdownHooked = true;
    // A shutting-down process ends its streams (they would hold the drain up); the pages fall
    // back to polling, which the load balancer sends elsewhere.
    stopping.addEventListener("abort", closeAll, { once: true });
  }
  registry.streams.add(stream);
  if (!registry.timer) {
    registry.timer = setInterval(() => tickOpenStreams(), HEARTBEAT_MS);
    registry.timer.unref();
  }
  return true;
}

export function unregisterOpenStream(stream: OpenStream): void {
  registry.streams.delete(stream);
  if (registry.streams.size === 0 && registry.timer) {
    clearInterval(registry.timer);
    registry.timer = null;
  }
}

/** How many status streams this process holds open. */
export function openStreamCount(): number {
  return registry.streams.size;
}
