import { describe, expect, it } from "vitest";
import { formatTime } from "./format";

describe("formatTime", () => {
  // 16:05 UTC is 00:05 the next day in China Standard Time.
  const justAfterMidnight = "2026-12-02T16:05:09Z";

  it.each([
    ["zh-CN", "2026/12/03 00:05:09"],
    ["en", "12/03/2026, 00:05:09"],
  ])("%s: China Standard Time on a 24-hour clock from 00", (locale, want) => {
    expect(formatTime(justAfterMidnight, locale)).toBe(want);
  });

  it("shows a dash for no time", () => {
    expect(formatTime(null, "en")).toBe("—");
  });
});
