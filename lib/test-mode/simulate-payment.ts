import type { Db } from "@/lib/db/create-prisma";
import { ConflictError, NotFoundError } from "@/lib/errors/app-error";
import { LivemodeMismatchError } from "@/lib/payments/livemode";
import type { WechatContext } from "@/lib/payments/wechat-context";
import type { SimulatorControl } from "./simulator-control";

/**
 * What the test page's buttons make happen at the simulated WeChat Pay ("cancel" needs no
 * server: the shopper just leaves for the merchant's cancel URL, as in real life).
 */
export const TEST_PAYMENT_ACTIONS = ["pay", "fail", "pay_lose_notification", "pay_notify_twice"] as const;
type TestPaymentAction = (typeof TEST_PAYMENT_ACTIONS)[number];

/**
 * Plays the shopper on a test payment through the simulator's control API. Each action leads
 * where the same real-world event would, through the real pipeline: `pay` → a signed
 * notification; `pay_lose_notification` → none ever arrives, so only the worker's scheduled
 * query finds it; `pay_notify_twice` → the one notification delivered twice at once (applied
 * once); `fail` → the bank declines on the shopper's phone: WeChat Pay records a failed try, the
 * trade stays NOTPAY (payable again) and nothing is notified, so nothing changes here either.
 * Live payments are refused: nothing here moves money.
 */
export async function simulateTestPayment(
  db: Db,
  wechat: WechatContext,
  control: SimulatorControl,
  outTradeNo: string,
  action: TestPaymentAction,
): Promise<{ outTradeNo: string; action: TestPaymentAction; status: string }> {
  const payment = await db.paymentAttempt.findUnique({
    where: { outTradeNo },
    select: { livemode: true, status: true },
  });
  if (!payment) throw new NotFoundError("No such payment");
  if (payment.livemode || wechat.livemode) throw new LivemodeMismatchError(true);
  if (payment.status !== "PENDING")
    throw new ConflictError("PAYMENT_NOT_PENDING", `This payment is ${payment.status}, not waiting to be paid`);

  if (action === "pay") await control.pay(outTradeNo);
  else if (action === "pay_lose_notification") await control.pay(outTradeNo, { notify: false });
  else if (action === "pay_notify_twice") {
    await control.pay(outTradeNo, { notify: false });
    await control.deliverAgain(outTradeNo, 2);
  } else {
    await control.fail(outTradeNo);
  }
  const now = await db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo }, select: { status: true } });
  return { outTradeNo, action, status: now.status };
}
