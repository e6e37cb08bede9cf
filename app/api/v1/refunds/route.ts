import { getDb } from "@/lib/db/client";
import { clientIp } from "@/lib/http/client-ip";
import { withApiKey } from "@/lib/api-keys/with-api-key";
import { getWechat } from "@/lib/payments/mode-contexts";
import { createRefundSchema, parseIdempotencyKey } from "@/lib/refunds/merchant-refund-input";
import { requestMerchantRefund } from "@/lib/refunds/request-merchant-refund";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

/**
 * Merchant API (scope refunds:write, Idempotency-Key required): 201 with the new refund, 200
 * with the same refund when the key is replayed (header Idempotent-Replayed: true). REJECTED
 * (WeChat Pay refused; nothing moved) is an answer too, not an error.
 */
export const POST = withApiKey("refunds:write", async (request, actor) => {
  const idempotencyKey = parseIdempotencyKey(request.headers.get("idempotency-key"));
  const input = createRefundSchema.parse(await readJson(request));
  const { refund, created } = await requestMerchantRefund(await getDb(), getWechat(actor.livemode), {
    input,
    idempotencyKey,
    actor,
    ip: clientIp(request.headers),
  });
  return Response.json(refund, {
    status: created ? 201 : 200,
    headers: created ? {} : { "Idempotent-Replayed": "true" },
  });
});
