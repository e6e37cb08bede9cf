import { createOrder } from "@/lib/checkout/create-order";
import { createOrderInput } from "@/lib/checkout/order-input";
import { orderRateLimiter } from "@/lib/checkout/order-rate-limit";
import { getDb } from "@/lib/db/client";
import { handle } from "@/lib/http/handle";
import { clientIp } from "@/lib/http/client-ip";
import { primaryLivemode } from "@/lib/payments/server";

export const runtime = "nodejs";

export const POST = handle(async (req: Request) => {
  const ip = clientIp(req.headers);
  orderRateLimiter().hit(ip);
  const input = createOrderInput.parse(await req.json());
  return Response.json(await createOrder(await getDb(), input, primaryLivemode(), ip), { status: 201 });
});
