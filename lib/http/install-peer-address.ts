import http, { type IncomingMessage } from "node:http";
import { PEER_ADDRESS_HEADER } from "./client-ip";

const marker = Symbol.for("checkout.peerAddressInstalled");

/**
 * Route handlers and the proxy never see the socket, and Next copies the socket address into
 * X-Forwarded-For only when the client sent none (so a client-sent value hides it). This wraps
 * every http.Server's "request" event in the process to write the socket's remote address into
 * PEER_ADDRESS_HEADER, overwriting whatever a client sent under that name. Called once from
 * instrumentation.ts, before `next start` serves its first request.
 */
export function installPeerAddress(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  if (proto[marker]) return;
  proto[marker] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  };
}
