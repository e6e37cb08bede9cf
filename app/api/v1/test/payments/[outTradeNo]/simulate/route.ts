import { z } from "zod";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { outTradeNoInput } from "@/lib/checkout/order-input";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors/app-error";
import { handle } from "@/lib/http/handle";
import { readJson } from "@/lib/http/read-json";
import { getWechat } from "@/lib/payments/mode-contexts";
import { simulateTestPayment, TEST_PAYMENT_ACTIONS } from "@/lib/test-mode/simulate-payment";
import { simulatorControl } from "@/lib/test-mode/simulator-control";

export const runtime = "nodejs";

const body = z.object({ action: z.enum(TEST_PAYMENT_ACTIONS) });

/**
 * The test page's controls (test data only; 404 with TEST_MODE off): `{action}` → the simulator
 * plays the shopper, and the payment's status after it. See lib/test-mode/simulate-payment.ts.
 */
export const POST = handle(async (request: Request, ctx: { params: Promise<{ outTradeNo: string }> }) => {
  const testMode = getConfig().testMode;
  if (!testMode) throw new NotFoundError("Test mode is off");
  assertSameOrigin(request);
  const { outTradeNo } = outTradeNoInput.parse(await ctx.params);
  const { action } = body.parse(await readJson(request));
  const db = await getDb();
  return Response.json(
    await simulateTestPayment(db, getWechat(false), simulatorControl(testMode.simulatorUrl), outTradeNo, action),
  );
});
