import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostWebhook } from "./post-webhook";

// One POST against real local servers: answers, truncation, redirects, timeouts, the address
// policy at connect time, and connection reuse.

let server: http.Server;
let base: string;
let hits: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const connections = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url === "/ok") return res.writeHead(204).end();
      if (req.url === "/echo") return res.writeHead(200).end(`got ${body.length}`);
      if (req.url === "/big") return res.writeHead(500).end("x".repeat(1023) + "价" + "y".repeat(100_000));
      if (req.url === "/redirect") return res.writeHead(302, { location: `${base}/ok` }).end();
      if (req.url === "/slow") return setTimeout(() => res.writeHead(200).end(), 1500);
      res.writeHead(404).end();
    });
  });
  server.on("connection", (s) => connections.add(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const loopback = { allowPrivate: false, allowLoopback: true };
const strict = { allowPrivate: false, allowLoopback: false };
const json = '{"type":"ping"}';

describe("postWebhook", () => {
  it("sends the body and headers once and reports the status, latency and answer", async () => {
    hits = [];
    const r = await createPostWebhook(loopback)(`${base}/echo`, { "webhook-id": "evt_x" }, json);
    expect(r).toMatchObject({ statusCode: 200, body: `got ${json.length}` });
    expect(r.error).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.headers).toMatchObject({ "content-type": "application/json", "webhook-id": "evt_x" });
    expect(hits[0]!.body).toBe(json);
  });

  it("keeps at most 1 KB of a large answer without splitting a character", async () => {
    const r = await createPostWebhook(loopback)(`${base}/big`, {}, json);
    expect(r.statusCode).toBe(500);
    expect(r.body).toBe("x".repeat(1023)); // 价 would have ended at byte 1026
  });

  it("does not follow a redirect and reports it as an error", async () => {
    hits = [];
    const r = await createPostWebhook(loopback)(`${base}/redirect`, {}, json);
    expect(r).toMatchObject({ statusCode: 302, error: "redirect not followed" });
    expect(hits.map((h) => h.path)).toEqual(["/redirect"]);
  });

  it("gives up after the timeout", async () => {
    const started = Date.now();
    const r = await createPostWebhook({ ...loopback, timeoutMs: 300 })(`${base}/slow`, {}, json);
    expect(r.statusCode).toBeUndefined();
    expect(r.error).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it("refuses loopback (IP literal or a name resolving to it) unless allowed", async () => {
    hits = [];
    const port = new URL(base).port;
    // https: plain http is refused before any address is looked at under this policy.
    for (const host of ["127.0.0.1", "localhost", "[::1]"]) {
      const r = await createPostWebhook(strict)(`https://${host}:${port}/ok`, {}, json);
      expect(r.statusCode).toBeUndefined();
      expect(r.error).toMatch(/no address a webhook may reach/);
    }
    expect((await createPostWebhook(strict)(`${base}/ok`, {}, json)).error).toBe("WEBHOOK_URL_REFUSED: https required");
    expect(hits).toHaveLength(0);
  });

  it("checks the addresses DNS gives at connect time, not the name", async () => {
    hits = [];
    const port = new URL(base).port;
    const url = `http://hooks.merchant.test:${port}/ok`;
    // The name "now" resolves to a private and a loopback address: both refused without allowPrivate…
    const rebinding = async () => [
      { address: "10.1.2.3", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    const refused = await createPostWebhook({ allowPrivate: false, allowLoopback: false, resolveAll: rebinding })(
      url.replace("http:", "https:"),
      {},
      json,
    );
    expect(refused.error).toMatch(/hooks\.merchant\.test: no address a webhook may reach/);
    // …and with allowLoopback only the loopback one is used (the private one is dropped).
    const viaLoopback = await createPostWebhook({ ...loopback, resolveAll: rebinding })(url, {}, json);
    expect(viaLoopback.statusCode).toBe(204);
    // WEBHOOK_ALLOW_PRIVATE=1 allows everything.
    const anyAddress = async () => [{ address: "127.0.0.1", family: 4 }];
    const allowed = await createPostWebhook({ allowPrivate: true, allowLoopback: false, resolveAll: anyAddress })(
      url,
      {},
      json,
    );
    expect(allowed.statusCode).toBe(204);
    expect(hits).toHaveLength(2);
  });

  it("refuses what is not http(s)", async () => {
    const post = createPostWebhook(loopback);
    expect((await post("ftp://127.0.0.1/x", {}, json)).error).toMatch(/only http/);
    expect((await post("not a url", {}, json)).error).toMatch(/not a URL/);
  });

  it("reuses connections for consecutive deliveries (keep-alive)", async () => {
    const post = createPostWebhook(loopback);
    await post(`${base}/ok`, {}, json);
    const before = connections.size;
    for (let i = 0; i < 20; i++) expect((await post(`${base}/ok`, {}, json)).statusCode).toBe(204);
    await Promise.all(Array.from({ length: 8 }, () => post(`${base}/ok`, {}, json)));
    expect(connections.size - before).toBeLessThanOrEqual(8);
  });
});

describe("postWebhook's URL check, kept per URL", () => {
  it("gives the same verdict every time, per policy", async () => {
    hits = [];
    const port = new URL(base).port;
    const strictPost = createPostWebhook(strict);
    const loopbackPost = createPostWebhook(loopback);
    for (let i = 0; i < 3; i++) {
      expect((await strictPost(`https://127.0.0.1:${port}/ok`, {}, json)).error).toMatch(
        /no address a webhook may reach/,
      );
      expect((await strictPost("not a url", {}, json)).error).toMatch(/not a URL/);
      // A verdict of one policy never leaks into another's.
      expect((await loopbackPost(`${base}/ok`, {}, json)).statusCode).toBe(204);
      expect((await loopbackPost(`http://[::1]:${port}/ok`, {}, json)).error).toMatch(
        /ECONNREFUSED|EADDRNOTAVAIL|connect/,
      );
    }
    expect(hits.map((h) => h.path)).toEqual(["/ok", "/ok", "/ok"]);
  });
});
