import { describe, expect, it } from "vitest";
import { buildTimeline } from "./timeline";

const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 0, 0, s));

describe("buildTimeline", () => {
  it("merges events and notifications by time, events first on a tie, with readable identifiers", () => {
    const names = { tradeNos: new Map([["p1", "OTN1"]]), refundNos: new Map([["r1", "RF1"]]) };
    const t = buildTimeline(
      [
        {
          id: "e1",
          createdAt: at(0),
          type: "ORDER_CREATED",
          fromStatus: null,
          toStatus: "PENDING",
          paymentId: null,
          refundId: null,
          detail: { totalFen: 100 },
        },
        {
          id: "e2",
          createdAt: at(5),
          type: "STATE_CHANGED",
          fromStatus: "PENDING",
          toStatus: "PAID",
          paymentId: "p1",
          refundId: null,
          detail: null,
        },
        {
          id: "e3",
          createdAt: at(9),
          type: "REFUND_STATE_CHANGED",
          fromStatus: "PROCESSING",
          toStatus: "SUCCESS",
          paymentId: "p1",
          refundId: "r1",
          detail: [1],
        },
      ],
      [
        {
          id: "n1",
          receivedAt: at(5),
          eventType: "TRANSACTION.SUCCESS",
          verification: "VERIFIED",
          failureReason: null,
          flagged: false,
          flagReason: null,
          outcome: "TRANSITIONED",
          paymentId: "p1",
          refundId: null,
          requestId: "req-1",
        },
        {
          id: "n2",
          receivedAt: at(7),
          eventType: "REFUND.SUCCESS",
          verification: "VERIFIED",
          failureReason: null,
          flagged: true,
          flagReason: "AMOUNT_MISMATCH",
          outcome: "FLAGGED",
          paymentId: "p1",
          refundId: "r1",
          requestId: null,
        },
      ],
      names,
    );
    expect(t.map((e) => e.id)).toEqual(["e1", "e2", "n1", "n2", "e3"]);
    expect(t[2]).toMatchObject({
      kind: "notification",
      type: "TRANSACTION.SUCCESS",
      verification: "VERIFIED",
      outTradeNo: "OTN1",
      detail: { requestId: "req-1" },
    });
    expect(t[3]).toMatchObject({ flagged: true, reason: "AMOUNT_MISMATCH", outRefundNo: "RF1" });
    expect(t[4]).toMatchObject({ from: "PROCESSING", to: "SUCCESS", detail: {} });
  });
});
