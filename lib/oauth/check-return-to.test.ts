import { describe, expect, it } from "vitest";
import { checkReturnTo } from "./oauth-flow";

describe("checkReturnTo (the OAuth callback's way back)", () => {
  it.each(["/orders/20261126-7Q4K9MXA", "/orders/20261126-7Q4K9MXA/return", "/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn"])(
    "accepts our payment page %s",
    (p) => expect(checkReturnTo(p)).toBe(p),
  );
  it.each([
    null,
    "https://evil.example/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn",
    "//evil.example/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn",
    "/pay/cs_short",
    "/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn/../../admin",
    "/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn?next=https://evil.example",
    "/pay/cs_3kTMd9Vq2bXWc7Pz1LrQy8Hn\n",
    "/admin",
  ])("refuses %s", (p) => expect(() => checkReturnTo(p)).toThrow(/payment page/));
});
