import { requireAdmin } from "@/app/_server/require-admin";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { wechatForPayment } from "@/lib/payments/wechat-for";
import { requestRefund } from "@/lib/refunds/request-refund";
import { idempotencyKeySchema } from "@/lib/http/idempotency-key";
import { refundBodySchema } from "@/lib/refunds/refund-request";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/** Admin only: `{outTradeNo, amountFen, reason}` (+ Idempotency-Key) → `{outRefundNo, status}`. */
export const POST = handle(async (request: Request) => {
  const actor = await requireAdmin("ADMIN");
  assertSameOrigin(request);
  const body = refundBodySchema.parse(await readJson(request));
  const header = request.headers.get("idempotency-key");
  const idempotencyKey = header === null ? body.idempotencyKey : idempotencyKeySchema.parse(header);
  const db = await getDb();
  const answer = await requestRefund(db, await wechatForPayment(db, body.outTradeNo), {
    outTradeNo: body.outTradeNo,
    amountFen: body.amountFen,
    reason: body.reason,
    idempotencyKey,
    actor: { id: actor.id, email: actor.email, ip: clientIp(request.headers) },
  });
  // REJECTED is an answer too (WeChat Pay refused; nothing moved): the form shows it.
  return Response.json(answer);
});
