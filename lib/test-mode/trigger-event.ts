import { randomBytes } from "node:crypto";
import type { ApiKeyActor } from "@/lib/api-keys/authenticate-api-key";
import { createCheckoutSession, type SessionConfig } from "@/lib/checkout-sessions/create-session";
import { expireCheckoutSession } from "@/lib/checkout-sessions/expire-session";
import { placePrepay } from "@/lib/checkout/place-prepay";
import type { Db } from "@/lib/db/create-prisma";
import { AppError } from "@/lib/errors/app-error";
import { LivemodeMismatchError } from "@/lib/payments/livemode";
import { syncPayment } from "@/lib/payments/sync-payment";
import type { WechatContext } from "@/lib/payments/wechat-context";
import { createRefundSchema } from "@/lib/refunds/merchant-refund-input";
import { requestMerchantRefund } from "@/lib/refunds/request-merchant-refund";
import { SimulatorControlError, type SimulatorControl } from "./simulator-control";
import type { TriggerType } from "./trigger-types";

/** What a trigger created: the objects its event (arriving a moment later) is about. */
interface TriggeredObjects {
  type: TriggerType;
  checkoutSessionId: string;
  orderNo: string;
  outTradeNo?: string;
  outRefundNo?: string;
}

interface TriggerDeps {
  db: Db;
  /** The test mode context: the simulator playing WeChat Pay. */
  wechat: WechatContext;
  control: SimulatorControl;
  config: SessionConfig;
  actor: ApiKeyActor;
  ip?: string;
}

/** The pipeline did not end where the trigger drove it (another caller raced it at the simulator). */
class TriggerFailedError extends AppError {
  readonly code = "TRIGGER_FAILED";
  readonly status = 409;
}

const AMOUNT_FEN = 100;
/** The app's WeChat Pay client tries a 5xx three times (1 + its 2 retries, lib/wechatpay/client.ts). */
const CLIENT_TRIES = 3;
/** How long a setup payment's notification may take to be applied before we ask WeChat Pay. */
const PAID_WAIT_MS = 5_000;

/**
 * `stripe trigger` for WeChat Pay test mode: creates a Checkout Session with the test key and
 * drives the simulator through its control API, so the event is produced by the real pipeline
 * (signed, encrypted notification → notify route → state machine → outbox → webhooks), never
 * written directly. Answers once the triggering action is done; notification-borne events
 * (all but checkout.session.expired and refund.created) arrive a moment later.
 */
export async function triggerEvent(d: TriggerDeps, type: TriggerType): Promise<TriggeredObjects> {
  if (d.actor.livemode || d.wechat.livemode) throw new LivemodeMismatchError(false);
  const session = await createTriggerSession(d, type);
  const base = { type, checkoutSessionId: session.id, orderNo: session.orderNo };
  const place = (channel: "NATIVE" | "H5") =>
    placePrepay(d.db, d.wechat, { orderNo: session.orderNo, channel, clientIp: d.ip }).then((p) => p.outTradeNo);

  if (type === "checkout.session.expired") {
    // An open attempt first, so the expiry closes it at WeChat Pay as a real one would.
    const outTradeNo = await place("NATIVE");
    await expireCheckoutSession(d.db, d.wechat, session.id, d.config.appUrl);
    return { ...base, outTradeNo };
  }
  if (type === "payment.flagged") return { ...base, outTradeNo: await payTwice(d, place) };

  const outTradeNo = await place("NATIVE");
  await d.control.pay(outTradeNo);
  if (type === "checkout.session.completed" || type === "payment.succeeded") return { ...base, outTradeNo };

  await paidLocally(d, outTradeNo);
  const { refund } = await requestMerchantRefund(d.db, d.wechat, {
    input: createRefundSchema.parse({ orderNo: session.orderNo, amountFen: AMOUNT_FEN, reason: "Test trigger" }),
    idempotencyKey: `trigger_${randomBytes(12).toString("hex")}`,
    actor: d.actor,
    ip: d.ip,
  });
  if (type === "refund.succeeded") await settle(d.control, refund.outRefundNo);
  else if (type === "refund.failed") await d.control.settleRefund(refund.outRefundNo, "close");
  else if (type === "refund.abnormal") await d.control.settleRefund(refund.outRefundNo, "abnormal");
  return { ...base, outTradeNo, outRefundNo: refund.outRefundNo };
}

function createTriggerSession(d: TriggerDeps, type: TriggerType) {
  const appOrigin = new URL(d.config.appUrl).origin;
  // The session's redirect goes to this app's own home page: allowed whatever the origin list says.
  const config = {
    ...d.config,
    checkout: {
      ...d.config.checkout,
      allowedRedirectOrigins: [...d.config.checkout.allowedRedirectOrigins, appOrigin],
    },
  };
  const body = {
    lineItems: [{ name: `Test trigger: ${type}`, unitAmountFen: AMOUNT_FEN, quantity: 1 }],
    successUrl: `${appOrigin}/`,
    metadata: { trigger: type },
  };
  return createCheckoutSession(d.db, body, { config, apiKeyId: d.actor.id, livemode: false }).then((r) => r.session);
}

/**
 * DOUBLE_PAYMENT as it happens for real: the shopper switches channel, the close of the first
 * attempt never reaches WeChat Pay (a transport fault), so both stay payable, and both are paid.
 * The first is applied before the second is paid, so the second is the one flagged.
 */
async function payTwice(d: TriggerDeps, place: (c: "NATIVE" | "H5") => Promise<string>): Promise<string> {
  const first = await place("NATIVE");
  await d.control.failNext("close", CLIENT_TRIES);
  const second = await place("H5");
  const still = await d.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo: first }, select: { status: true } });
  if (still.status !== "PENDING")
    throw new TriggerFailedError(`The first attempt was ${still.status}, not left open by the failed close`);
  await d.control.pay(first);
  await paidLocally(d, first);
  await d.control.pay(second);
  return second;
}

/** Waits for the notification to be applied; if it is late, asks WeChat Pay (as the worker would). */
async function paidLocally(d: TriggerDeps, outTradeNo: string): Promise<void> {
  const status = () =>
    d.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo }, select: { status: true } }).then((p) => p.status);
  for (const deadline = Date.now() + PAID_WAIT_MS; Date.now() < deadline;) {
    if ((await status()) === "PAID") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  await syncPayment(d.db, d.wechat, outTradeNo);
  const now = await status();
  if (now !== "PAID")
    throw new TriggerFailedError(`Payment ${outTradeNo} was paid at the simulator but is ${now} here`);
}

/** The simulator may settle a refund by itself (SIMULATOR_REFUND_DELAY_MS): then it is done already. */
async function settle(control: SimulatorControl, outRefundNo: string): Promise<void> {
  try {
    await control.settleRefund(outRefundNo, "settle");
  } catch (err) {
    if (!(err instanceof SimulatorControlError && err.details?.simulatorCode === "INVALID_STATE")) throw err;
  }
}
