"use client";
import { useEffect } from "react";
import { useGoTo } from "./use-go-to";
import { isPaid, usePaymentStatus } from "./use-payment-status";

/** H5 return page: keeps asking until the payment shows up, then moves on to `paidHref`. */
export function ReturnWatcher({
  outTradeNo,
  paidHref,
  connectionProblem,
  children,
}: {
  outTradeNo: string;
  paidHref: string;
  /** Shown instead of the children while status reads fail (they are retried). */
  connectionProblem: string;
  children: React.ReactNode;
}) {
  const goTo = useGoTo();
  const { data, problem } = usePaymentStatus(outTradeNo, true);
  const paid = isPaid(data);
  useEffect(() => {
    if (paid) goTo(paidHref);
  }, [paid, paidHref, goTo]);
  return (
    <div data-testid={paid ? "paid" : "pending"}>
      {problem ? (
        <p className="error-text" role="status" data-testid="connection-problem">
          {connectionProblem}
        </p>
      ) : (
        children
      )}
    </div>
  );
}
