"use client";
import { useState, useSyncExternalStore } from "react";
import useSWR from "swr";
import useSWRSubscription, { type SWRSubscriptionOptions } from "swr/subscription";

export interface PaymentStatus {
  outTradeNo: string;
  status: "PENDING" | "PAID" | "CLOSED" | "FAILED" | "PARTIALLY_REFUNDED" | "REFUNDED";
  orderNo: string;
  orderStatus: "PENDING" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "CLOSED";
  amountFen: number;
  expiresAt: string;
  paidAt: string | null;
}

/** The polling fallback's interval. */
export const POLL_MS = 500;
/** After a failed status read: retry after 1 s, then every RETRY_CAP_MS until one succeeds. */
const RETRY_CAP_MS = 2_000;
/** A stream whose first event (sent at once by the server) is later than this is buffered: poll. */
export const FIRST_EVENT_TIMEOUT_MS = 4_000;

async function fetchStatus(url: string): Promise<PaymentStatus> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`status ${res.status}`);
  return res.json();
}

export const isPaid = (s: PaymentStatus | undefined) =>
  !!s && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(s.orderStatus);
/** Nothing more to wait for (the server ends the stream here too). */
const isTerminal = (s: PaymentStatus | undefined) => !!s && (s.status !== "PENDING" || s.orderStatus !== "PENDING");

const onVisibility = (cb: () => void) => {
  document.addEventListener("visibilitychange", cb);
  return () => document.removeEventListener("visibilitychange", cb);
};
/** Page Visibility: false while the tab is hidden (server render: visible). */
function usePageVisible(): boolean {
  return useSyncExternalStore(
    onVisibility,
    () => document.visibilityState !== "hidden",
    () => true,
  );
}

/** Opens the status stream; any failure (no first event in time, an error, a drop) is reported once. */
function subscribe(url: string, { next }: SWRSubscriptionOptions<PaymentStatus, Error>) {
  const es = new EventSource(url);
  let done = false;
  const fail = (why: string) => {
    if (done) return;
    done = true;
    clearTimeout(firstTimer);
    es.close();
    next(new Error(why));
  };
  const firstTimer = setTimeout(() => fail("no first event"), FIRST_EVENT_TIMEOUT_MS);
  es.addEventListener("status", (e) => {
    clearTimeout(firstTimer);
    let s: PaymentStatus;
    try {
      s = JSON.parse((e as MessageEvent<string>).data);
    } catch {
      return fail("bad event");
    }
    next(null, s);
    if (isTerminal(s)) {
      done = true;
      es.close();
    }
  });
  // EventSource would reconnect by itself; a drop means polling from here (it always works).
  es.onerror = () => fail("stream error");
  return () => {
    done = true;
    clearTimeout(firstTimer);
    es.close();
  };
}

/**
 * The payment's status for the page: pushed by the server-sent-events route while the tab is
 * visible; polled (POLL_MS) when the stream cannot be opened, sends nothing within
 * FIRST_EVENT_TIMEOUT_MS (a buffering proxy) or drops. A hidden tab neither streams nor polls;
 * shown again, it re-reads (a new stream's first event, or a poll). Both end at a terminal state.
 * `problem`: the latest poll failed (the page shows "connection problem, retrying").
 * dedupingInterval must stay below the refresh interval, or SWR drops every other poll (machine
 * notes: "paid" then shows seconds late).
 */
export function usePaymentStatus(outTradeNo: string, active: boolean) {
  const url = `/api/v1/payments/wechat/payment/${encodeURIComponent(outTradeNo)}`;
  const visible = usePageVisible();
  const [mode, setMode] = useState<"stream" | "poll">("stream");
  const [kept, setLatest] = useState<PaymentStatus | undefined>(undefined);
  // A "new code" refresh brings a new out_trade_no into the same component: forget the old one.
  const latest = kept?.outTradeNo === outTradeNo ? kept : undefined;
  const want = active && visible && !isTerminal(latest);
  const canStream = typeof EventSource !== "undefined";

  const stream = useSWRSubscription<PaymentStatus, Error>(
    want && mode === "stream" && canStream ? `${url}/events` : null,
    subscribe,
  );
  const poll = useSWR(want && (mode === "poll" || !canStream) ? url : null, fetchStatus, {
    refreshInterval: POLL_MS,
    dedupingInterval: POLL_MS / 2,
    revalidateOnFocus: true,
    refreshWhenHidden: false,
    // SWR stops its refreshInterval while a read has failed and retries with a doubling backoff
    // (up to minutes): a short capped one brings the page back soon after the server recovers.
    shouldRetryOnError: true,
    onErrorRetry: (_err, _key, _config, revalidate, { retryCount }) => {
      setTimeout(() => void revalidate({ retryCount }), Math.min(1_000 * 2 ** (retryCount - 1), RETRY_CAP_MS));
    },
  });

  // Adjusted while rendering (React's pattern for state derived from what a hook returned).
  if (stream.error && mode === "stream") setMode("poll");
  const fresh = mode === "stream" && canStream ? stream.data : poll.data;
  if (fresh && fresh !== kept) setLatest(fresh);
  // The last status read failed (a 503 while the database is away, the network): the page says
  // so and keeps retrying; the next good read clears it.
  const problem = want && (mode === "poll" || !canStream) && poll.error !== undefined;
  return { data: fresh ?? latest, mode: canStream ? mode : "poll", problem };
}
