// The trigger route in a live deployment without TEST_MODE: 404, whoever asks, before it reads a
// key, a body or the database (the route handler itself, configured by the environment as a
// deployment is; the rest of the route is proven through the built app in trigger.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const LIVE = {
  WECHAT_APP_ID: "wx1234567890abcdef",
  WECHAT_APP_SECRET: "secret",
  WECHAT_MCH_ID: "1900000109",
  WECHAT_API_V3_KEY: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
  WECHAT_CERT_SERIAL_NO: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
  WECHAT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  WECHAT_NOTIFY_URL: "https://shop.example.com/api/v1/payments/wechat/notify",
  NEXTAUTH_URL: "https://shop.example.com",
};
const saved = new Map<string, string | undefined>();
let POST: (request: Request, ctx: unknown) => Promise<Response>;

beforeAll(async () => {
  for (const [k, v] of Object.entries({ ...LIVE, TEST_MODE: undefined, DEMO_MODE: undefined })) {
    saved.set(k, process.env[k]);
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  ({ POST } = await import("@/app/api/v1/test/trigger/route"));
});
afterAll(() => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("POST /api/v1/test/trigger with test mode off", () => {
  it("is 404 NOT_FOUND, with or without a key", async () => {
    const keys: Record<string, string>[] = [{}, { Authorization: `Bearer sk_test_${"0".repeat(43)}` }];
    for (const headers of keys) {
      const res = await POST(
        new Request("https://shop.example.com/api/v1/test/trigger", {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body: JSON.stringify({ type: "payment.succeeded" }),
        }),
        undefined,
      );
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND", message: "Test mode is off" } });
    }
  });
});
