import { describe, expect, it } from "vitest";
import { BadRequestError } from "@/lib/errors/app-error";
import { localeReturnPath } from "./locale-return";

const HOSTS = ["shop.example.com", "127.0.0.1:3000"];

describe("localeReturnPath", () => {
  it.each([
    [null, "/"],
    ["https://shop.example.com/orders/20261127-AAAA?x=1", "/orders/20261127-AAAA?x=1"],
    ["http://127.0.0.1:3000/", "/"],
    ["https://evil.example/phish", "/"], // another site's page: home, not there
  ])("%s → %s", (referer, expected) => {
    expect(localeReturnPath(referer, HOSTS)).toBe(expected);
  });

  it.each([
    "not a url",
    "javascript:alert(1)",
    "https://shop.example.com//evil.example/x", // would be Location: //evil.example/x
    "https://shop.example.com/\\evil.example/x", // the parser turns \ into /
    `https://shop.example.com/${"a".repeat(3000)}`,
  ])("refuses %s with 400", (referer) => {
    expect(() => localeReturnPath(referer, HOSTS)).toThrow(BadRequestError);
  });
});
