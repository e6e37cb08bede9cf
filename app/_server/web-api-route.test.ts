// webApiRoute behind a real node:http server (what Next hands a Pages API route is Node's request
// and response; the body is left unparsed, as bodyParser: false asks).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { NextApiRequest, NextApiResponse } from "next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError } from "@/lib/errors/app-error";
import { webApiRoute } from "./web-api-route";

let server: http.Server;
let base = "";
const seen: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  const route = webApiRoute(
    {
      POST: async (request) => {
        const body = await request.text();
        seen.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body });
        if (body === "fail") throw new BadRequestError("no");
        const res = Response.json({ got: body.length }, { status: 201, headers: { "X-Extra": "1" } });
        res.headers.append("Set-Cookie", "a=1");
        res.headers.append("Set-Cookie", "b=2");
        return res;
      },
    },
    { maxBodyBytes: 64 },
  );
  server = http.createServer((req, res) => void route(req as NextApiRequest, res as unknown as NextApiResponse));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("webApiRoute", () => {
  it("hands the handler the method, path, headers and body, and sends its status, headers and body back", async () => {
    const res = await fetch(`${base}/api/x?y=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer k" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: 7 });
    expect(res.headers.get("x-extra")).toBe("1");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: "POST", body: '{"a":1}' });
    expect(new URL(last.url).pathname + new URL(last.url).search).toBe("/api/x?y=1");
    expect(last.headers).toMatchObject({ "content-type": "application/json", authorization: "Bearer k" });
  });

  it("maps a thrown error through the one error mapper", async () => {
    const res = await fetch(`${base}/api/x`, { method: "POST", body: "fail" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "BAD_REQUEST", message: "no" } });
  });

  it("answers another method 405 and OPTIONS 204, both with Allow, without calling the handler", async () => {
    const before = seen.length;
    const get = await fetch(`${base}/api/x`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST, OPTIONS"]);
    const options = await fetch(`${base}/api/x`, { method: "OPTIONS" });
    expect([options.status, options.headers.get("allow")]).toEqual([204, "POST, OPTIONS"]);
    expect(seen.length).toBe(before);
  });

  it("refuses a body over the limit with 413, whether declared or only counted, and closes the connection", async () => {
    const before = seen.length;
    const declared = await fetch(`${base}/api/x`, { method: "POST", body: "x".repeat(65) });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe("PAYLOAD_TOO_LARGE");

    // Chunked, no Content-Length: counted while reading.
    const counted = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/x`, { method: "POST", agent: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, connection: res.headers.connection });
      });
      req.on("error", reject);
      req.write("x".repeat(40));
      setTimeout(() => req.end("y".repeat(40)), 20);
    });
    expect(counted).toEqual({ status: 413, connection: "close" });
    expect(seen.length).toBe(before);
  });
});
