import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { isDraining } from "./shutdown-state";

interface Tracked {
  servers: Set<http.Server>;
  inFlight: number;
}

const KEY = Symbol.for("wxpay.trackedRequests");
const tracked = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  servers: new Set(),
  inFlight: 0,
} satisfies Tracked) as Tracked;

/**
 * Next never hands its http.Server to the app, and a graceful stop needs it (to stop accepting)
 * and needs to know what is still being answered. This wraps every http.Server's "request"
 * event in the process (as lib/http/install-peer-address does) to remember the server, count
 * requests until their response closes, and, once draining, answer with `Connection: close`
 * so keep-alive clients move to another instance. Called once from instrumentation.ts.
 */
export function trackRequests(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  if (proto[KEY]) return;
  proto[KEY] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const res = args[1] as ServerResponse<IncomingMessage>;
      tracked.servers.add(this);
      tracked.inFlight++;
      res.once("close", () => tracked.inFlight--);
      if (isDraining()) res.setHeader("Connection", "close");
    }
    return emit.call(this, event, ...args);
  };
}

export function requestsInFlight(): number {
  return tracked.inFlight;
}

/** Stops accepting connections on every server seen; idle keep-alive sockets are closed now and as they free up. */
export function closeServers(): void {
  for (const s of tracked.servers) {
    s.close();
    s.closeIdleConnections();
  }
}

export function closeIdleConnections(): void {
  for (const s of tracked.servers) s.closeIdleConnections();
}
