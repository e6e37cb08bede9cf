// A merchant's webhook receiver for tests: a real HTTP server that verifies every delivery with
// the `standardwebhooks` package (an implementation independent of ours) and records what came.
// `answer` decides each response (status and delay), so tests can play a failing, slow or gone
// endpoint.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  type: string;
  /** Verified with the secret(s) given; false deliveries are kept too, to be asserted on. */
  verified: boolean;
  body: { type: string; timestamp: string; data: { object: Record<string, unknown> } & Record<string, unknown> };
  signatures: string[];
  at: number;
}

export interface Answer {
  status: number;
  delayMs?: number;
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Decides the answer to the n-th request (0-based) overall and for its webhook-id. */
  answer: (r: Received, nthForId: number) => Answer;
  /** Resolves once `predicate` holds over what was received (polls every 25 ms). */
  until(predicate: (got: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  secrets: string[],
  opts: { keepAliveTimeoutMs?: number } = {},
): Promise<WebhookReceiver> {
  const verifiers = secrets.map((s) => new Webhook(s));
  const perId = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    answer: () => ({ status: 204 }),
    async until(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline) {
          const seen = receiver.received.map((r) => `${r.type} ${r.id}`).join(", ");
          throw new Error(`receiver: condition not met within ${timeoutMs} ms; received: ${seen || "nothing"}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      return receiver.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      const verified =
        req.method === "POST" &&
        req.headers["content-type"] === "application/json" &&
        verifiers.some((v) => {
          try {
            v.verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
      let body: Received["body"];
      try {
        body = JSON.parse(raw) as Received["body"];
      } catch {
        body = { type: "", timestamp: "", data: { object: {} } };
      }
      const got: Received = {
        id: headers["webhook-id"],
        type: body.type,
        verified,
        body,
        signatures: headers["webhook-signature"].split(" ").filter(Boolean),
        at: Date.now(),
      };
      receiver.received.push(got);
      const n = perId.get(got.id) ?? 0;
      perId.set(got.id, n + 1);
      const { status, delayMs = 0 } = receiver.answer(got, n);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status).end(status >= 400 ? "not now" : "");
      }, delayMs);
    });
  });
  // A merchant's server keeps connections open (nginx: 75 s). Node's client takes the advertised
  // `Keep-Alive: timeout=N` less 1 s as its idle limit, so N = 1 made it open a new connection
  // for every delivery. close() ends open sockets itself (closeAllConnections below).
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const close = receiver.close;
  receiver.close = async () => {
    server.closeAllConnections();
    await close();
  };
  return receiver;
}
