// A small reverse proxy for benches that need a load balancer in front of several instances:
// node:http only, round-robin per request, keep-alive to each upstream, bodies piped both ways
// (server-sent events go through chunk by chunk, never buffered). Like a production proxy it
// appends the client's socket address to X-Forwarded-For, so the app, told TRUST_PROXY_HOPS=1,
// sees each shopper's own address.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Round-robin over `items`: each call returns the next one, wrapping around. */
export function roundRobin<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error("roundRobin needs at least one item");
  let next = 0;
  return () => {
    const item = items[next]!;
    next = (next + 1) % items.length;
    return item;
  };
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The headers to send on: hop-by-hop ones dropped, the client's address appended to X-Forwarded-For. */
export function forwardedHeaders(
  incoming: http.IncomingHttpHeaders,
  clientAddress: string | undefined,
  proto = "http",
): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  const client = clientAddress?.replace(/^::ffff:/i, "");
  if (client) {
    const prior = incoming["x-forwarded-for"];
    out["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${client}` : client;
  }
  if (incoming.host && !incoming["x-forwarded-host"]) out["x-forwarded-host"] = incoming.host;
  if (!incoming["x-forwarded-proto"]) out["x-forwarded-proto"] = proto;
  return out;
}

function responseHeaders(incoming: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export interface RoundRobinProxy {
  url: string;
  /** Requests sent to each upstream, in the order given. */
  served(): number[];
  /** Requests answered 502 (or cut) because an upstream could not be reached or broke off, by error code. */
  upstreamErrors(): Record<string, number>;
  /** GETs sent again to the next upstream after a reused keep-alive socket failed. */
  retried(): number;
  stop(): Promise<void>;
}

export async function startRoundRobinProxy(opts: {
  upstreams: string[];
  port?: number;
  host?: string;
  /** Sockets per upstream (default 512: a flash sale's open status streams each hold one). */
  maxSockets?: number;
}): Promise<RoundRobinProxy> {
  const targets = opts.upstreams.map((u, i) => ({
    index: i,
    url: new URL(u),
    agent: new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 512 }),
  }));
  const pick = roundRobin(targets);
  const served = targets.map(() => 0);
  const errors: Record<string, number> = {};
  let retried = 0;

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, retry: boolean) => {
    const target = pick();
    served[target.index]! += 1;
    const upstream = http.request({
      host: target.url.hostname,
      port: target.url.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req.headers, req.socket.remoteAddress),
      agent: target.agent,
    });
    upstream.on("response", (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, responseHeaders(up.headers));
      // Headers out at once: an event stream's client must not wait for the first chunk.
      res.flushHeaders();
      up.pipe(res);
      up.on("error", () => res.destroy());
    });
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the upstream closed just as it was reused: a GET (no body sent)
      // goes once to the next upstream, as nginx's proxy_next_upstream does.
      if (retry && upstream.reusedSocket && !res.headersSent && (req.method === "GET" || req.method === "HEAD")) {
        retried += 1;
        return forward(req, res, false);
      }
      errors[err.code ?? err.message] = (errors[err.code ?? err.message] ?? 0) + 1;
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("bad gateway");
      } else res.destroy();
    });
    // The client went away (a closed tab, an aborted stream): so does the upstream request.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    // A GET is sent without waiting for its (empty) body, so it can be sent again.
    if (req.method === "GET" || req.method === "HEAD") {
      req.resume();
      upstream.end();
    } else req.pipe(upstream);
  };
  const server = http.createServer((req, res) => forward(req, res, true));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    served: () => [...served],
    upstreamErrors: () => ({ ...errors }),
    retried: () => retried,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      for (const t of targets) t.agent.destroy();
    },
  };
}
