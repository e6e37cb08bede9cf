import { describe, expect, it } from "vitest";
import type { PaymentStatus, RefundStatus } from "@/lib/generated/prisma/enums";
import {
  deriveOrderStatus,
  paymentStatesBefore,
  paymentStatusForTradeState,
  refundPrecedes,
  refundStatesBefore,
} from "./state-machine";

describe("payment transitions", () => {
  it.each<[PaymentStatus, PaymentStatus]>([
    ["PENDING", "PAID"],
    ["PENDING", "CLOSED"],
    ["PENDING", "FAILED"],
    ["PAID", "PARTIALLY_REFUNDED"],
    ["PAID", "REFUNDED"],
    ["PARTIALLY_REFUNDED", "REFUNDED"],
  ])("%s → %s is allowed", (from, to) => expect(paymentStatesBefore(to)).toContain(from));

  it.each<[PaymentStatus, PaymentStatus]>([
    ["PAID", "PENDING"],
    ["PAID", "PAID"],
    ["REFUNDED", "PAID"],
    ["PARTIALLY_REFUNDED", "PAID"],
    ["CLOSED", "PAID"],
    ["FAILED", "PAID"],
    ["CLOSED", "PENDING"],
    ["PENDING", "REFUNDED"],
  ])("%s → %s is illegal", (from, to) => expect(paymentStatesBefore(to)).not.toContain(from));

  it("gives the WHERE clause for conditional updates", () => {
    expect(paymentStatesBefore("PAID")).toEqual(["PENDING"]);
    expect(paymentStatesBefore("REFUNDED").sort()).toEqual(["PAID", "PARTIALLY_REFUNDED"]);
  });
});

describe("refund transitions", () => {
  it.each<[RefundStatus, RefundStatus]>([
    ["CREATED", "PROCESSING"],
    ["PROCESSING", "SUCCESS"],
    ["PROCESSING", "ABNORMAL"],
    ["ABNORMAL", "SUCCESS"],
    ["CREATED", "REJECTED"],
  ])("%s → %s is allowed", (from, to) => expect(refundStatesBefore(to)).toContain(from));

  it.each<[RefundStatus, RefundStatus]>([
    ["SUCCESS", "PROCESSING"],
    ["SUCCESS", "CLOSED"],
    ["CLOSED", "SUCCESS"],
    ["REJECTED", "PROCESSING"],
    ["PROCESSING", "CREATED"],
  ])("%s → %s is illegal", (from, to) => expect(refundStatesBefore(to)).not.toContain(from));

  it("knows a stale report from a conflict", () => {
    expect(refundPrecedes("PROCESSING", "SUCCESS")).toBe(true);
    expect(refundPrecedes("CREATED", "SUCCESS")).toBe(true);
    expect(refundPrecedes("ABNORMAL", "SUCCESS")).toBe(true);
    expect(refundPrecedes("SUCCESS", "PROCESSING")).toBe(false);
    expect(refundPrecedes("CLOSED", "SUCCESS")).toBe(false);
    expect(refundPrecedes("SUCCESS", "CLOSED")).toBe(false);
  });

  it("lists where a refund may come from", () => {
    expect(refundStatesBefore("SUCCESS").sort()).toEqual(["ABNORMAL", "CREATED", "PROCESSING"]);
  });
});

describe("deriveOrderStatus", () => {
  const p = (...s: PaymentStatus[]) => s.map((status) => ({ status }));
  it.each([
    [p(), false, "PENDING"],
    [p("PENDING"), false, "PENDING"],
    [p("CLOSED", "PENDING"), false, "PENDING"],
    [p("CLOSED"), true, "CLOSED"],
    [p("CLOSED", "PAID"), false, "PAID"],
    [p("PAID"), true, "PAID"],
    [p("PARTIALLY_REFUNDED"), false, "PARTIALLY_REFUNDED"],
    [p("REFUNDED"), false, "REFUNDED"],
    [p("CLOSED", "REFUNDED"), false, "REFUNDED"],
  ] as const)("%j (closed: %s) → %s", (payments, closed, want) => {
    expect(deriveOrderStatus(payments, closed)).toBe(want);
  });
});

describe("paymentStatusForTradeState", () => {
  it.each([
    ["SUCCESS", "PAID"],
    ["REFUND", "PAID"],
    ["CLOSED", "CLOSED"],
    ["REVOKED", "CLOSED"],
    ["PAYERROR", "FAILED"],
    ["NOTPAY", null],
    ["USERPAYING", null],
    ["ACCEPT", null],
  ])("%s → %s", (state, want) => expect(paymentStatusForTradeState(state)).toBe(want));
});
