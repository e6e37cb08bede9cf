import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Wechatpay } from "wechatpay-axios-plugin";
import type { MerchantFile } from "./crypto/keys";
import { startSimulator, type RunningSimulator, type StartOptions } from "./server";

export interface TestSim extends RunningSimulator {
  merchant: MerchantFile;
  /** An independent client (wechatpay-axios-plugin) trusting the given serials. */
  client(trust?: "public-key" | "certificate" | "both"): Wechatpay;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  stop(): Promise<void>;
}

export async function startTestSimulator(opts: StartOptions = {}): Promise<TestSim> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "wxsim-"));
  const sim = await startSimulator({
    port: 0,
    dataDir,
    timeScale: 0.001,
    refundDelayMs: 30,
    notifyTimeoutMs: 1000,
    faultTimeoutMs: 2000,
    ...opts,
  });
  const merchant = JSON.parse(readFileSync(sim.merchantFile, "utf8")) as MerchantFile;
  return {
    ...sim,
    merchant,
    client(trust = "both") {
      const certs: Record<string, string> = {};
      if (trust !== "certificate") certs[merchant.platformPublicKeyId] = merchant.platformPublicKeyPem;
      if (trust !== "public-key") certs[merchant.platformCertificateSerialNo] = merchant.platformCertificatePem;
      return new Wechatpay({
        mchid: merchant.mchid,
        serial: merchant.merchantSerialNo,
        privateKey: merchant.merchantPrivateKeyPem,
        certs,
        baseURL: `${sim.url}/`,
      } as ConstructorParameters<typeof Wechatpay>[0]);
    },
    async control<T>(method: string, p: string, body?: unknown) {
      const res = await fetch(`${sim.url}${p}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, data: (await res.json()) as T };
    },
    async stop() {
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A local notify_url receiver; `answer` decides the HTTP status per request. */
export async function startReceiver(answer: (r: Received, index: number) => number = () => 204) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      received.push(r);
      const status = answer(r, received.length - 1);
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(status >= 300 ? JSON.stringify({ code: "FAIL", message: "rejected" }) : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

let counter = 0;
export function outTradeNo(prefix = "T"): string {
  return `${prefix}${Date.now()}${String(counter++).padStart(4, "0")}`;
}
