import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "@/lib/wechatpay/errors";
import type { DemoWechatConfig, LiveWechatConfig } from "./load-config";

/** What the payment code needs, whether it came from the environment or the demo merchant. */
export type WechatCredentials = Omit<LiveWechatConfig, "mode"> & { mode: "live" | "demo" };

// Written by the simulator on first run (simulator/README.md); only demo mode reads it.
const demoMerchantSchema = z.object({
  gateway: z.string().url(),
  mchid: z.string(),
  appid: z.string(),
  appSecret: z.string(),
  apiV3Key: z.string().length(32),
  merchantSerialNo: z.string(),
  merchantPrivateKeyPem: z.string(),
  platformPublicKeyId: z.string(),
  platformPublicKeyPem: z.string(),
  // Older simulator data dirs have no mini-program: demo mode then runs without one.
  miniProgramAppid: z.string().optional(),
  miniProgramAppSecret: z.string().optional(),
});

function demoMerchantFile(config: DemoWechatConfig): string {
  return path.join(/*turbopackIgnore: true*/ config.simulatorDataDir, "merchant.json");
}

export function resolveWechatCredentials(
  config: LiveWechatConfig | DemoWechatConfig,
  readFile: (file: string) => string = (f) => readFileSync(f, "utf8"),
): WechatCredentials {
  if (config.mode === "live") return config;
  const file = demoMerchantFile(config);
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(file));
  } catch {
    throw new ConfigError([
      `demo mode: ${file} is missing or unreadable; start the simulator (npm run simulator) or set WECHAT_* variables`,
    ]);
  }
  const parsed = demoMerchantSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError([`demo mode: ${file} is not a simulator merchant file`]);
  const m = parsed.data;
  return {
    mode: "demo",
    appId: m.appid,
    appSecret: m.appSecret,
    mchId: m.mchid,
    apiV3Key: m.apiV3Key,
    certSerialNo: m.merchantSerialNo,
    privateKeyPem: m.merchantPrivateKeyPem,
    publicKey: { id: m.platformPublicKeyId, pem: m.platformPublicKeyPem },
    verifyMode: config.verifyMode,
    // SIMULATOR_URL wins over the file so a simulator on another port can be reached.
    gateway: config.simulatorUrl,
    notifyUrl: config.notifyUrl,
    oauthBase: config.simulatorUrl,
    snsBase: config.simulatorUrl,
    miniProgram:
      m.miniProgramAppid && m.miniProgramAppSecret
        ? { appId: m.miniProgramAppid, appSecret: m.miniProgramAppSecret }
        : null,
  };
}
