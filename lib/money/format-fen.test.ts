import { describe, expect, it } from "vitest";
import { formatFen } from "./format-fen";

describe("formatFen", () => {
  it.each([
    [0, "¥0.00"],
    [1, "¥0.01"],
    [29, "¥0.29"],
    [1234, "¥12.34"],
    [123456789, "¥1,234,567.89"],
    [-150, "-¥1.50"],
  ])("%i fen → %s", (fen, text) => expect(formatFen(fen)).toBe(text));

  it("rejects fractional fen", () => {
    expect(() => formatFen(12.5)).toThrow(TypeError);
  });
});
