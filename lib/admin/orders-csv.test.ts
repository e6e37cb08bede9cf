import { describe, expect, it } from "vitest";
import { csvLine, orderCsvLine } from "./orders-csv";

describe("orders CSV", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["云南普洱", "云南普洱"],
  ])("field %j → %s", (input, out) => {
    expect(csvLine([input])).toBe(`${out}\r\n`);
  });

  it("numbers are not prefixed, empty values are empty", () => {
    expect(csvLine([-5, null, undefined, 0])).toBe("-5,,,0\r\n");
  });

  it("one order line: exact yuan, the paid attempt's identifiers", () => {
    const line = orderCsvLine({
      id: "x",
      orderNo: "20261127-ABCD",
      status: "PAID",
      totalFen: 1205,
      description: "茶, 2件",
      createdAt: new Date("2026-11-27T01:02:03Z"),
      payments: [
        {
          outTradeNo: "NEW1",
          transactionId: null,
          channel: "NATIVE",
          status: "PENDING",
          amountFen: 1205,
          refundedFen: 0,
          paidAt: null,
        },
        {
          outTradeNo: "OLD1",
          transactionId: "4200001",
          channel: "NATIVE",
          status: "PAID",
          amountFen: 1205,
          refundedFen: 5,
          paidAt: new Date("2026-11-27T01:05:00Z"),
        },
      ],
    });
    expect(line).toBe(
      '20261127-ABCD,PAID,1205,12.05,2026-11-27T01:02:03.000Z,OLD1,4200001,NATIVE,PAID,5,2026-11-27T01:05:00.000Z,"茶, 2件"\r\n',
    );
  });
});
