import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { ConflictError, DatabaseUnavailableError } from "@/lib/errors/app-error";
import { decryptAesGcm, encryptAesGcm, TimeoutError } from "@/lib/wechatpay";
import { apiV3Key } from "@/lib/wechatpay/fixtures";
import { fakeWechat, makeClient } from "@/lib/wechatpay/fixtures/fake-wechat";
import { errorResponse } from "./error-response";

// Each error comes from the code that really throws it, not from a constructor call here.
const caught = async (fn: () => unknown): Promise<unknown> => {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
};

const answer = async (err: unknown) => {
  const res = errorResponse(err);
  return { status: res.status, retryAfter: res.headers.get("Retry-After"), ...(await res.json()) };
};

const order = {
  outTradeNo: "order_20270301_0001",
  description: "T-shirt",
  amountFen: 2900,
  notifyUrl: "https://shop.example.com/api/wechatpay/notify",
};
const downloadUrl = "https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc";
const noRetries = { retries: 0 };

describe("errorResponse: our own faults are 500 with their own code, not 503", () => {
  it("ValidationError (refused before sending) → 500 INTERNAL_VALIDATION naming the field", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: "{}" }));
    const err = await caught(() => makeClient(wx.fetch).client.createNativeOrder({ ...order, amountFen: 0 }));
    expect(wx.seen).toHaveLength(0);
    expect(await answer(err)).toMatchObject({
      status: 500,
      error: { code: "INTERNAL_VALIDATION", details: { field: "amount.total" } },
    });
  });

  it("the protocol library's ConfigError → 500 CONFIG_ERROR without the problem's text", async () => {
    const err = await caught(() => makeClient(fakeWechat(() => ({ status: 200 })).fetch, { mchid: "not-digits" }));
    const a = await answer(err);
    expect(a).toMatchObject({ status: 500, error: { code: "CONFIG_ERROR" } });
    expect(a.error.message).not.toMatch(/WECHAT_MCHID/);
  });

  it("lib/config's ConfigError (the same class) → 500 CONFIG_ERROR", async () => {
    const err = await caught(() => loadConfig({ DATABASE_URL: "mysql://nope" }));
    expect(await answer(err)).toMatchObject({ status: 500, error: { code: "CONFIG_ERROR" } });
  });

  it("DecryptionError → 500 DECRYPTION_FAILED", async () => {
    const resource = { apiV3Key, nonce: "abcdefghijkl", associatedData: "certificate" };
    const ciphertext = encryptAesGcm({ ...resource, plaintext: "{}" });
    const err = await caught(() => decryptAesGcm({ ...resource, associatedData: "tampered", ciphertext }));
    expect(await answer(err)).toMatchObject({ status: 500, error: { code: "DECRYPTION_FAILED" } });
  });

  it("BillHashMismatchError → 500 BILL_HASH_MISMATCH", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: "not the bill", signed: false }));
    const err = await caught(() => makeClient(wx.fetch).client.downloadBill(downloadUrl, "0".repeat(40)));
    expect(await answer(err)).toMatchObject({ status: 500, error: { code: "BILL_HASH_MISMATCH" } });
  });
});

describe("errorResponse: WeChat Pay's own answers", () => {
  it("a 5xx or 429 → 503 UPSTREAM_UNAVAILABLE", async () => {
    for (const status of [500, 429]) {
      const wx = fakeWechat(() => ({ status, body: '{"code":"SYSTEM_ERROR","message":"busy"}' }));
      const err = await caught(() => makeClient(wx.fetch, noRetries).client.queryOrderByOutTradeNo(order.outTradeNo));
      expect(await answer(err)).toMatchObject({ status: 503, error: { code: "UPSTREAM_UNAVAILABLE" } });
    }
  });

  it("a final 4xx → 502 UPSTREAM_REJECTED with WeChat Pay's code", async () => {
    const wx = fakeWechat(() => ({ status: 403, body: '{"code":"NO_AUTH","message":"no"}' }));
    const err = await caught(() => makeClient(wx.fetch).client.createNativeOrder(order));
    expect(await answer(err)).toMatchObject({
      status: 502,
      error: { code: "UPSTREAM_REJECTED", details: { upstreamCode: "NO_AUTH" } },
    });
  });

  it("a timeout → 503 UPSTREAM_UNAVAILABLE", async () => {
    expect(await answer(new TimeoutError("no answer"))).toMatchObject({
      status: 503,
      error: { code: "UPSTREAM_UNAVAILABLE" },
    });
  });
});

describe("errorResponse: the rest", () => {
  it("domain errors keep their status and code; a database outage says when to retry", async () => {
    expect(await answer(new ConflictError("ORDER_CLOSED", "closed"))).toMatchObject({
      status: 409,
      error: { code: "ORDER_CLOSED", message: "closed" },
    });
    expect(await answer(new DatabaseUnavailableError(7))).toMatchObject({
      status: 503,
      retryAfter: "7",
      error: { code: "DATABASE_UNAVAILABLE" },
    });
  });

  it("an unknown error → 500 INTERNAL without its message", async () => {
    const a = await answer(new Error("secret detail"));
    expect(a).toMatchObject({ status: 500, error: { code: "INTERNAL" } });
    expect(JSON.stringify(a)).not.toContain("secret detail");
  });
});
