import { describe, expect, it } from "vitest";
import { fenToYuanString, parseYuan } from "./parse-yuan";

describe("parseYuan", () => {
  it.each([
    ["12.3", 1230],
    ["0.01", 1],
    ["0.1", 10],
    ["12", 1200],
    ["12.", 1200],
    [".5", 50],
    ["0.29", 29],
    ["1.10", 110],
    ["007.05", 705],
    [" 3.45 ", 345],
    ["21474836.47", 2_147_483_647],
  ])("%j → %d fen", (input, fen) => {
    expect(parseYuan(input)).toEqual({ ok: true, fen });
  });

  it.each([
    ["1.234", "PRECISION"],
    ["-1", "FORMAT"],
    ["1e3", "FORMAT"],
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["abc", "FORMAT"],
    ["1,000", "FORMAT"],
    ["+1", "FORMAT"],
    ["0x10", "FORMAT"],
    [".", "FORMAT"],
    ["0", "ZERO"],
    ["0.00", "ZERO"],
    ["21474836.48", "TOO_LARGE"],
    ["99999999999999999999", "TOO_LARGE"],
    ["１２", "FORMAT"],
  ])("rejects %j (%s)", (input, error) => {
    expect(parseYuan(input)).toEqual({ ok: false, error });
  });

  it("round-trips with fenToYuanString", () => {
    for (const fen of [1, 9, 10, 99, 100, 1230, 123456]) {
      expect(parseYuan(fenToYuanString(fen))).toEqual({ ok: true, fen });
    }
    expect(fenToYuanString(5)).toBe("0.05");
  });
});
