"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Countdown } from "./countdown";
import { PAID_PAUSE_MS, type PaidLink, type WatcherEnd } from "./pay-routes";
import { useGoTo } from "./use-go-to";
import { isPaid, usePaymentStatus } from "./use-payment-status";

export interface WatcherLabels {
  expiresIn: string;
  codeExpired: string;
  newCode: string;
  waitingPayment: string;
  paidTitle: string;
  upstreamError: string;
  /** Shown while status reads fail (they are retried; the notice goes with the next good one). */
  connectionProblem: string;
  /** Shown when WeChat Pay reported the attempt failed (PAYERROR). */
  failed: string;
}

/**
 * Watches one attempt: shows its children (the QR) with a countdown while payable, moves on to
 * `paidHref` once the order is paid (with a visible link in case that is blocked), and offers
 * a new code once it expired or closed ("new code" closes the attempt; the refreshed server page
 * then places a new out_trade_no). When the attempt ends with its order (`end`), it says so instead.
 */
export function PaymentWatcher(props: {
  outTradeNo: string;
  paidHref: string;
  paidLink?: PaidLink;
  expiresAt: string;
  end?: WatcherEnd | null;
  labels: WatcherLabels;
  children?: React.ReactNode;
  after?: React.ReactNode;
}) {
  const { outTradeNo, paidHref, labels } = props;
  const router = useRouter();
  const goTo = useGoTo();
  const { data, problem } = usePaymentStatus(outTradeNo, true);
  const paid = isPaid(data);
  const [timedOut, setTimedOut] = useState(false);
  const [renewing, setRenewing] = useState(false);
  const [error, setError] = useState(false);
  const closed = data?.status === "CLOSED" || data?.status === "FAILED" || data?.orderStatus === "CLOSED";
  const expired = !paid && (timedOut || closed);

  useEffect(() => {
    if (!paid) return;
    const id = setTimeout(() => goTo(paidHref), props.paidLink ? PAID_PAUSE_MS : 0);
    return () => clearTimeout(id);
  }, [paid, paidHref, goTo, props.paidLink]);

  async function renew() {
    setRenewing(true);
    setError(false);
    const res = await fetch("/api/v1/payments/wechat/close", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outTradeNo }),
    }).catch(() => null);
    const body = res?.ok ? await res.json() : null;
    if (body && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(body.orderStatus)) return goTo(paidHref);
    if (!res?.ok) {
      setError(true);
      setRenewing(false);
      return;
    }
    router.refresh();
  }

  if (paid) {
    return (
      <div className="watch paid" data-testid="paid" role="status">
        <span className="tick" aria-hidden>
          ✓
        </span>
        {labels.paidTitle}
        {props.paidLink && (
          <>
            <p className="muted small paid-note">{props.paidLink.note}</p>
            <a className="btn block" href={paidHref} data-testid="return-to-merchant">
              {props.paidLink.label}
            </a>
          </>
        )}
      </div>
    );
  }
  if (expired && props.end && data?.status !== "FAILED") {
    return (
      <div className="watch expired" data-testid="session-expired">
        <p className="expired-title">{props.end.message}</p>
        {props.end.href && (
          <a className="btn" href={props.end.href}>
            {props.end.label}
          </a>
        )}
      </div>
    );
  }
  if (expired) {
    return (
      <div className="watch expired" data-testid="expired">
        <p className="expired-title">{data?.status === "FAILED" ? labels.failed : labels.codeExpired}</p>
        <button className="btn" type="button" onClick={renew} disabled={renewing}>
          {labels.newCode}
        </button>
        {error && (
          <p className="error-text" role="alert">
            {labels.upstreamError}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="watch" data-testid="pending">
      {props.children}
      <p className="countdown-line">
        {labels.expiresIn} <Countdown expiresAt={props.expiresAt} onExpire={() => setTimedOut(true)} />
      </p>
      {problem ? (
        <p className="error-text small" role="status" data-testid="connection-problem">
          {labels.connectionProblem}
        </p>
      ) : (
        <p className="muted small" role="status">
          {labels.waitingPayment}
        </p>
      )}
      {props.after}
    </div>
  );
}
