import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gracefulShutdown } from "./graceful-shutdown";
import { isDraining, shutdownSignal } from "./shutdown-state";
import { requestsInFlight, trackRequests } from "./track-requests";

// A real http.Server and real sockets; what Next's server would see from the same code.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A POST whose body's second half is sent by finish(): in flight until then. */
function slowPost(port: number) {
  let finish = () => {};
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ port, method: "POST", path: "/echo", headers: { "Content-Length": "4" } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.write("ab");
    finish = () => req.end("cd");
  });
  return { response, finish: () => finish() };
}

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(10);
}

const get = (port: number) =>
  new Promise<number>((resolve, reject) =>
    http.get({ port, path: "/", agent: false }, (res) => resolve(res.statusCode!)).on("error", reject),
  );

describe("gracefulShutdown", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    trackRequests();
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => res.end(body || "ok"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it("drains, refuses, answers what it accepted, stops loops, then closes pools and exits 0", async () => {
    await get(port); // the server is only known once it has served a request (as under Next)
    const order: string[] = [];
    let exitCode: number | null = null;
    const slow = slowPost(port);
    await waitFor(() => requestsInFlight() === 1);

    const done = gracefulShutdown(
      "SIGTERM",
      { drainMs: 200, timeoutMs: 10_000 },
      {
        stopLoops: [() => sleep(300).then(() => void order.push("worker stopped"))],
        closePools: [async () => void order.push("pools closed")],
        log: { info: () => {}, warn: (m) => order.push(`warn: ${m}`) },
        exit: (code) => void (exitCode = code),
      },
    );
    expect(isDraining()).toBe(true);
    // Inside the drain window new connections are still taken (told to close afterwards).
    expect(await get(port)).toBe(200);
    await waitFor(() => shutdownSignal().aborted); // the drain window is over: the server closed
    await expect(get(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await sleep(100);
    expect(exitCode).toBeNull(); // the slow request is still being answered

    slow.finish();
    expect(await slow.response).toEqual({ status: 200, body: "abcd" });
    await done;
    expect(order).toEqual(["worker stopped", "pools closed"]);
    expect(exitCode).toBe(0);
  });

  it("gives up at the deadline and exits 1", async () => {
    let exitCode: number | null = null;
    const t = Date.now();
    await gracefulShutdown(
      "SIGTERM",
      { drainMs: 0, timeoutMs: 1_000 },
      {
        stopLoops: [() => new Promise(() => {})],
        closePools: [],
        log: { info: () => {}, warn: () => {} },
        exit: (code) => void (exitCode = code),
      },
    );
    expect(exitCode).toBe(1);
    expect(Date.now() - t).toBeLessThan(2_500);
  });
});
