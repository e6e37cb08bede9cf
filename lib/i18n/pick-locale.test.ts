import { describe, expect, it } from "vitest";
import { pickLocale } from "./pick-locale";

describe("pickLocale", () => {
  it.each([
    [undefined, null, "zh-CN"],
    [undefined, "en-US,en;q=0.9", "en"],
    [undefined, "fr-FR,en;q=0.5,zh-CN;q=0.8", "zh-CN"],
    [undefined, "fr-FR", "zh-CN"],
    ["en", "zh-CN", "en"],
    ["zh-CN", "en-GB", "zh-CN"],
    ["de", "en-GB", "en"],
  ] as const)("cookie %s, Accept-Language %s → %s", (cookie, header, want) => {
    expect(pickLocale(cookie, header)).toBe(want);
  });
});
