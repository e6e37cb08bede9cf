import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveWechatCredentials } from "@/lib/config";
import { createWechatContext, type WechatContext } from "@/lib/payments/wechat-context";
import { startSimulator, type RunningSimulator, type StartOptions } from "@/simulator/server";

export interface SimWechat {
  sim: RunningSimulator;
  wechat: WechatContext;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  stop(): Promise<void>;
}

/** A real simulator on an ephemeral port and the app's WeChat Pay context pointed at it (demo mode). */
export async function startSimWechat(
  opts: StartOptions = {},
  notifyUrl = "http://127.0.0.1:9/api/v1/payments/wechat/notify",
): Promise<SimWechat> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "wxsim-app-"));
  const sim = await startSimulator({
    port: 0,
    dataDir,
    timeScale: 0.001,
    refundDelayMs: 30,
    notifyTimeoutMs: 1000,
    faultTimeoutMs: 2000,
    ...opts,
  });
  const credentials = resolveWechatCredentials({
    mode: "demo",
    simulatorUrl: sim.url,
    simulatorDataDir: dataDir,
    notifyUrl,
    verifyMode: "public-key",
  });
  const wechat = createWechatContext(credentials, { certificates: false });
  return {
    sim,
    wechat,
    async control<T>(method: string, p: string, body?: unknown) {
      const res = await fetch(`${sim.url}${p}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: (text ? JSON.parse(text) : null) as T };
    },
    async stop() {
      wechat.stop();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
