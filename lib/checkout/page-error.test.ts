import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors/app-error";
import {
  BillHashMismatchError,
  ConfigError,
  DecryptionError,
  TimeoutError,
  ValidationError,
  WechatPayApiError,
} from "@/lib/wechatpay";
import { pageErrorKind } from "./page-error";

describe("pageErrorKind", () => {
  it("shows WeChat Pay failing as upstream", () => {
    expect(pageErrorKind(new TimeoutError("no answer"))).toBe("upstream");
    expect(pageErrorKind(new WechatPayApiError({ status: 403, code: "NO_AUTH", message: "no" }))).toBe("upstream");
  });

  it("does not swallow our own faults as 'WeChat Pay is unavailable': the page's error boundary takes them", () => {
    for (const err of [
      new ConfigError("WECHAT_MCHID must be the numeric merchant id"),
      new ValidationError("amount.total", "must be an integer number of fen >= 1"),
      new DecryptionError("tag"),
      new BillHashMismatchError("sha1"),
      new Error("bug"),
    ])
      expect(pageErrorKind(err), err.name).toBeNull();
  });

  it("reads the domain's codes", () => {
    expect(pageErrorKind(new ConflictError("ORDER_ALREADY_PAID", "paid"))).toBe("paid");
    expect(pageErrorKind(new ConflictError("ORDER_EXPIRED", "expired"))).toBe("expired");
  });
});
