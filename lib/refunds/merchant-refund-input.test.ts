import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { errorResponse } from "@/lib/http/error-response";
import { createRefundSchema, parseIdempotencyKey } from "./merchant-refund-input";
import { refundBodySchema } from "./refund-request";

const orderNo = "20261201-7Q4K9MXA";
const checkoutSessionId = "cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn";

async function details(fn: () => unknown) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ZodError);
  const res = errorResponse(err);
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; details: { path: string; message: string }[] } };
  expect(body.error.code).toBe("VALIDATION_ERROR");
  return body.error.details;
}

describe("CreateRefund input", () => {
  it("takes exactly one of orderNo and checkoutSessionId", async () => {
    expect(createRefundSchema.parse({ orderNo, amountFen: 100 })).toEqual({ orderNo, amountFen: 100, reason: "" });
    expect(createRefundSchema.parse({ checkoutSessionId, amountFen: 1, reason: " 退货 " })).toEqual({
      checkoutSessionId,
      amountFen: 1,
      reason: "退货",
    });
    for (const b of [{ amountFen: 100 }, { orderNo, checkoutSessionId, amountFen: 100 }]) {
      const d = await details(() => createRefundSchema.parse(b));
      expect(d).toEqual([{ path: "orderNo", message: "give exactly one of checkoutSessionId and orderNo" }]);
    }
  });

  it("refuses malformed identifiers, amounts that are not positive integer fen, and unknown fields", () => {
    for (const b of [
      { orderNo: "R-1", amountFen: 1 },
      { checkoutSessionId: "cs_short", amountFen: 1 },
      { orderNo, amountFen: 0 },
      { orderNo, amountFen: 1.5 },
      { orderNo, amountFen: "100" },
      { orderNo, amountFen: 2 ** 31 },
      { orderNo, amountFen: 1, outTradeNo: "X123456" },
    ]) {
      expect(createRefundSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
    }
  });

  it("refuses emoji and other 4-byte characters in the reason (WeChat Pay would), for the admin route too", () => {
    for (const reason of ["坏了😢", "𠀀"]) {
      expect(createRefundSchema.safeParse({ orderNo, amountFen: 1, reason }).success).toBe(false);
      expect(refundBodySchema.safeParse({ outTradeNo: "X1234567", amountFen: 1, reason }).success).toBe(false);
    }
    expect(createRefundSchema.safeParse({ orderNo, amountFen: 1, reason: "退".repeat(80) }).success).toBe(true);
    expect(createRefundSchema.safeParse({ orderNo, amountFen: 1, reason: "退".repeat(81) }).success).toBe(false);
    expect(refundBodySchema.safeParse({ outTradeNo: "X1234567", amountFen: 1, reason: "é ñ ü — ¥" }).success).toBe(
      true,
    );
  });
});

describe("the Idempotency-Key header", () => {
  it("is required and well-formed; errors name the header", async () => {
    expect(parseIdempotencyKey("order-1042-refund-1")).toBe("order-1042-refund-1");
    for (const h of [null, "", "short", "has spaces in it", "x".repeat(101), "ключ-ключ-ключ"]) {
      const d = await details(() => parseIdempotencyKey(h));
      expect(d.length).toBeGreaterThan(0);
      for (const x of d) expect(x.path).toBe("Idempotency-Key");
    }
    expect((await details(() => parseIdempotencyKey(null)))[0]!.message).toBe("the Idempotency-Key header is required");
  });
});
