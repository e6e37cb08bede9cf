import { createOrder } from "@/lib/checkout/create-order";
import { createOrderInput } from "@/lib/checkout/order-input";
import { limitOrderCreation } from "@/lib/checkout/shopper-rate-limits";
import { assertSameOrigin } from "@/lib/auth/same-origin";
import { getDb } from "@/lib/db/client";
import { getHotSql } from "@/lib/db/hot-sql";
import { getConfig } from "@/lib/config";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { primaryLivemode } from "@/lib/payments/mode-contexts";
import { readJson } from "@/lib/http/read-json";

export const runtime = "nodejs";

// Shopper routes: a cross-site page may not post here (Origin), and each client has a budget.
export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  const ip = clientIp(req.headers);
  await limitOrderCreation(ip);
  const input = createOrderInput.parse(await readJson(req));
  const sql = getHotSql(getConfig().database) ?? undefined;
  return Response.json(await createOrder(await getDb(), input, primaryLivemode(), ip, { sql }), { status: 201 });
});
