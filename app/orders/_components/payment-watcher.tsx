"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Countdown } from "./countdown";
import { isPaid, usePaymentStatus } from "./use-payment-status";

export interface WatcherLabels {
  expiresIn: string;
  codeExpired: string;
  newCode: string;
  waitingPayment: string;
  paidTitle: string;
  upstreamError: string;
  /** Shown when WeChat Pay reported the attempt failed (PAYERROR). */
  failed: string;
}

/**
 * Watches one attempt: shows its children (the QR) with a countdown while payable, switches to
 * the success page once the order is paid, and offers a new code once it expired or closed
 * ("new code" closes the attempt; the refreshed server page then places a new out_trade_no).
 */
export function PaymentWatcher(props: {
  outTradeNo: string;
  orderNo: string;
  expiresAt: string;
  labels: WatcherLabels;
  children?: React.ReactNode;
  after?: React.ReactNode;
}) {
  const { outTradeNo, orderNo, labels } = props;
  const router = useRouter();
  const { data } = usePaymentStatus(outTradeNo, true);
  const paid = isPaid(data);
  const [timedOut, setTimedOut] = useState(false);
  const [renewing, setRenewing] = useState(false);
  const [error, setError] = useState(false);
  const closed = data?.status === "CLOSED" || data?.status === "FAILED" || data?.orderStatus === "CLOSED";
  const expired = !paid && (timedOut || closed);

  useEffect(() => {
    if (paid) router.replace(`/orders/${encodeURIComponent(orderNo)}/success`);
  }, [paid, orderNo, router]);

  async function renew() {
    setRenewing(true);
    setError(false);
    const res = await fetch("/api/v1/payments/wechat/close", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outTradeNo }),
    }).catch(() => null);
    const body = res?.ok ? await res.json() : null;
    if (body && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(body.orderStatus))
      return router.replace(`/orders/${encodeURIComponent(orderNo)}/success`);
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
      <p className="muted small" role="status">
        {labels.waitingPayment}
      </p>
      {props.after}
    </div>
  );
}
