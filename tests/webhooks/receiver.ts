import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A merchant's receiver for the delivery tests: a real node:http server that verifies every
// request with the standardwebhooks package (the independent implementation) before answering.

export interface Received {
  path: string;
  webhookId: string;
  timestamp: string;
  signature: string;
  contentType: string | undefined;
  body: string;
  /** The secrets (by index in the route's list) that verified this request. */
  verifiedBy: number[];
  at: number;
}

export interface Route {
  /** Secrets this receiver knows; the request is accepted if any one verifies it. */
  secrets: string[];
  /** Statuses to answer in turn; the last one repeats. Default [204]. */
  statuses?: number[];
  delayMs?: number;
  answer?: string;
  headers?: Record<string, string>;
}

export interface Receiver {
  url(path: string): string;
  port: number;
  route(path: string, r: Route): void;
  received: Received[];
  /** Requests for one path. */
  at(path: string): Received[];
  /** The same webhook-id arrived while an earlier request with it was still being answered. */
  concurrentDuplicates: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const routes = new Map<string, Route & { served: number }>();
  const received: Received[] = [];
  const inFlight = new Set<string>();
  const concurrentDuplicates: string[] = [];
  let connections = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const route = routes.get(path);
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      const verifiedBy = (route?.secrets ?? []).flatMap((s, i) => {
        try {
          new Webhook(s).verify(body, headers);
          return [i];
        } catch {
          return [];
        }
      });
      const id = headers["webhook-id"];
      if (inFlight.has(id)) concurrentDuplicates.push(id);
      inFlight.add(id);
      received.push({
        path,
        webhookId: id,
        timestamp: headers["webhook-timestamp"],
        signature: headers["webhook-signature"],
        contentType: req.headers["content-type"],
        body,
        verifiedBy,
        at: Date.now(),
      });
      const statuses = route?.statuses ?? [204];
      const status = !route
        ? 404
        : verifiedBy.length === 0
          ? 401
          : statuses[Math.min(route.served, statuses.length - 1)]!;
      if (route) route.served += 1;
      setTimeout(() => {
        inFlight.delete(id);
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...route?.headers });
        res.end(route?.answer ?? `status ${status}`);
      }, route?.delayMs ?? 0);
    });
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, r) => routes.set(path, { ...r, served: 0 }),
    received,
    at: (path) => received.filter((r) => r.path === path),
    concurrentDuplicates,
    get connections() {
      return connections;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
