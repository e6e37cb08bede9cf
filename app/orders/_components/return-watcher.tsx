"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isPaid, usePaymentStatus } from "./use-payment-status";

/** H5 return page: keeps asking until the payment shows up, then moves to the success page. */
export function ReturnWatcher({
  outTradeNo,
  orderNo,
  children,
}: {
  outTradeNo: string;
  orderNo: string;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const { data } = usePaymentStatus(outTradeNo, true);
  const paid = isPaid(data);
  useEffect(() => {
    if (paid) router.replace(`/orders/${encodeURIComponent(orderNo)}/success`);
  }, [paid, orderNo, router]);
  return <div data-testid={paid ? "paid" : "pending"}>{children}</div>;
}
