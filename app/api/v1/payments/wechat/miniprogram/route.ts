import { miniProgramPayInput } from "@/lib/checkout-sessions/miniprogram-pay-input";
import { placeMiniProgramPrepay } from "@/lib/checkout-sessions/place-miniprogram-prepay";
import { limitPaymentCalls } from "@/lib/checkout/shopper-rate-limits";
import { getDb } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { handle } from "@/lib/http/handle";
import { readJson } from "@/lib/http/read-json";
import { miniProgramPayer } from "@/lib/oauth/miniprogram-session";

export const runtime = "nodejs";

// The payer is the openid in the bearer token from POST /api/v1/miniprogram/session, never the
// body. No same-origin check: the mini-program calls it, and a bearer token is not ambient.
export const POST = handle(async (req: Request) => {
  await limitPaymentCalls(clientIp(req.headers));
  const body = await readJson(req); // 415 / 413 / bad JSON before anything else
  const payer = miniProgramPayer(req.headers.get("authorization"));
  const input = miniProgramPayInput.parse(body);
  const params = await placeMiniProgramPrepay(await getDb(), payer, input);
  return Response.json(params, { headers: { "Cache-Control": "no-store" } });
});
