import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { forwardedHeaders, roundRobin, startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";

describe("roundRobin", () => {
  it("cycles through the items in order", () => {
    const next = roundRobin(["a", "b", "c"]);
    expect(Array.from({ length: 7 }, next)).toEqual(["a", "b", "c", "a", "b", "c", "a"]);
  });
  it("refuses an empty list", () => {
    expect(() => roundRobin([])).toThrow();
  });
});

describe("forwardedHeaders", () => {
  it("appends the client to X-Forwarded-For and drops hop-by-hop headers", () => {
    const out = forwardedHeaders(
      {
        host: "shop:80",
        connection: "keep-alive",
        "keep-alive": "timeout=5",
        "x-forwarded-for": "10.0.0.1",
        accept: "*/*",
      },
      "::ffff:127.1.0.9",
    );
    expect(out).toEqual({
      host: "shop:80",
      accept: "*/*",
      "x-forwarded-for": "10.0.0.1, 127.1.0.9",
      "x-forwarded-host": "shop:80",
      "x-forwarded-proto": "http",
    });
  });
  it("starts X-Forwarded-For when there was none", () => {
    expect(forwardedHeaders({}, "127.0.0.1")["x-forwarded-for"]).toBe("127.0.0.1");
  });
});

describe("startRoundRobinProxy (real sockets)", () => {
  const servers: http.Server[] = [];
  let proxy: RoundRobinProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  const listen = async (handler: http.RequestListener) => {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  it("alternates upstreams per request, forwards bodies and the client address", async () => {
    const upstream = (name: string) =>
      listen((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => res.end(JSON.stringify({ name, body, xff: req.headers["x-forwarded-for"] })));
      });
    proxy = await startRoundRobinProxy({ upstreams: [await upstream("a"), await upstream("b")] });
    const answers: { name: string; body: string; xff: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(proxy.url, { method: "POST", body: `n${i}` });
      answers.push(await res.json());
    }
    expect(answers.map((a) => a.name)).toEqual(["a", "b", "a", "b"]);
    expect(answers.map((a) => a.body)).toEqual(["n0", "n1", "n2", "n3"]);
    expect(answers[0]!.xff).toBe("127.0.0.1");
    expect(proxy.served()).toEqual([2, 2]);
  });

  it("streams server-sent events through before the upstream response ends", async () => {
    let finish!: () => void;
    const url = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      finish = () => res.end("data: last\n\n");
    });
    proxy = await startRoundRobinProxy({ upstreams: [url] });
    const first = await new Promise<string>((resolve, reject) => {
      http
        .get(proxy!.url, (res) => {
          res.setEncoding("utf8");
          res.once("data", (c: string) => resolve(c));
        })
        .on("error", reject);
    });
    // The upstream has not ended its response: the proxy did not wait for it.
    expect(first).toBe("data: first\n\n");
    finish();
  });

  it("sends a GET again when a reused keep-alive socket fails, not a POST", async () => {
    // The upstream drops every connection on its second request, before answering.
    const seen = new WeakMap<object, number>();
    const url = await listen((req, res) => {
      const n = (seen.get(req.socket) ?? 0) + 1;
      seen.set(req.socket, n);
      if (n > 1) return req.socket.destroy();
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    proxy = await startRoundRobinProxy({ upstreams: [url] });
    expect((await fetch(proxy.url)).status).toBe(200);
    const again = await fetch(proxy.url);
    expect([again.status, await again.text()]).toEqual([200, "ok"]);
    expect(proxy.retried()).toBe(1);
    expect((await fetch(proxy.url, { method: "POST", body: "x" })).status).toBe(502);
    expect(proxy.retried()).toBe(1);
    expect(Object.values(proxy.upstreamErrors())).toEqual([1]);
  });

  it("answers 502 when an upstream cannot be reached", async () => {
    const dead = await listen(() => {});
    const port = new URL(dead).port;
    const s = servers.pop()!;
    await new Promise((r) => s.close(r));
    proxy = await startRoundRobinProxy({ upstreams: [`http://127.0.0.1:${port}`] });
    expect((await fetch(proxy.url)).status).toBe(502);
    expect(proxy.upstreamErrors()).toEqual({ ECONNREFUSED: 1 });
  });
});
