import { describe, expect, it } from "vitest";
import { yuan } from "./http";
import { formatYuan } from "./pages/layout";

describe("fen to yuan, by string (no floats)", () => {
  it.each([
    [0, "0.00"],
    [1, "0.01"],
    [5, "0.05"],
    [29, "0.29"],
    [100, "1.00"],
    [1234, "12.34"],
    [123456789, "1234567.89"],
    [-34, "-0.34"],
  ])("%i fen -> %s", (fen, text) => {
    expect(yuan(fen)).toBe(text);
  });

  it("pages show ¥ with two decimals", () => {
    expect(formatYuan(1234)).toBe("¥12.34");
    expect(formatYuan(1)).toBe("¥0.01");
  });
});
