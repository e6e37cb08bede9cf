"use client";
import useSWR from "swr";

export interface PaymentStatus {
  outTradeNo: string;
  status: "PENDING" | "PAID" | "CLOSED" | "FAILED" | "PARTIALLY_REFUNDED" | "REFUNDED";
  orderNo: string;
  orderStatus: "PENDING" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "CLOSED";
  amountFen: number;
  expiresAt: string;
  paidAt: string | null;
}

export const POLL_MS = 500;

async function fetchStatus(url: string): Promise<PaymentStatus> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`status ${res.status}`);
  return res.json();
}

export const isPaid = (s: PaymentStatus | undefined) =>
  !!s && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(s.orderStatus);

/**
 * Polls the cheap status read. dedupingInterval must stay below the refresh interval, or SWR
 * drops every other poll (machine notes: "paid" then shows seconds late).
 */
export function usePaymentStatus(outTradeNo: string, active: boolean) {
  return useSWR(active ? `/api/v1/payments/wechat/payment/${encodeURIComponent(outTradeNo)}` : null, fetchStatus, {
    refreshInterval: POLL_MS,
    dedupingInterval: POLL_MS / 2,
    revalidateOnFocus: true,
    refreshWhenHidden: true,
    shouldRetryOnError: true,
    errorRetryInterval: 2_000,
  });
}
