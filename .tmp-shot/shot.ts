import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { describeSecret, generateApiKeySecret, hashApiKeySecret } from "@/lib/api-keys/api-key-secret";
import { startNotifyCluster } from "@/scripts/notify-cluster";
import { startSimulator } from "@/simulator/server";
async function main() {

const dir = mkdtempSync(path.join(os.tmpdir(), "shot-live-"));
const live = await startSimulator({ port: 0, dataDir: dir });
const m = JSON.parse(readFileSync(live.merchantFile, "utf8"));
const c = await startNotifyCluster({ instances: 1, mode: "next", env: {
  DEMO_MODE: "", WECHAT_APP_ID: m.appid, WECHAT_APP_SECRET: m.appSecret, WECHAT_MCH_ID: m.mchid,
  WECHAT_API_V3_KEY: m.apiV3Key, WECHAT_CERT_SERIAL_NO: m.merchantSerialNo, WECHAT_PRIVATE_KEY: m.merchantPrivateKeyPem,
  WECHAT_PUBLIC_KEY_ID: m.platformPublicKeyId, WECHAT_PUBLIC_KEY: m.platformPublicKeyPem, WECHAT_GATEWAY: live.url,
  WECHAT_NOTIFY_URL: "https://shop.example.com/api/v1/payments/wechat/notify", TEST_MODE: "1",
  CHECKOUT_ALLOWED_REDIRECT_ORIGINS: "https://shop.example.com" } });
const key = generateApiKeySecret("test");
await c.db.apiKey.create({ data: { livemode: false, name: "k", scopes: ["checkout:write"], ...describeSecret(key), secretHash: hashApiKeySecret(key), createdBy: "t" } });
const r = await fetch(`${c.urls[0]}/api/v1/checkout/sessions`, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
  body: JSON.stringify({ lineItems: [{ name: "年度会员", unitAmountFen: 19900, quantity: 1 }], successUrl: "https://shop.example.com/thanks", cancelUrl: "https://shop.example.com/cart" }) });
const s = await r.json();
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const [name, vp, loc] of [["desktop-zh", { width: 1280, height: 900 }, "zh-CN"], ["phone-en", { width: 390, height: 844 }, "en-US"]] as const) {
  const p = await b.newPage({ viewport: vp, locale: loc, extraHTTPHeaders: { "Accept-Language": loc } });
  await p.goto(s.url.replace(/^https?:\/\/[^/]+/, c.urls[0]));
  await p.screenshot({ path: `/tmp/live-test-${name}.png`, fullPage: true });
}
await b.close(); await c.stop(); await live.close();

}
void main();
