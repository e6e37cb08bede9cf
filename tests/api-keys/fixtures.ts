import type { AdminIdentity } from "@/lib/auth/authenticate";
import { createApiKey, newApiKeySchema } from "@/lib/api-keys/manage-api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Db } from "@/lib/db/create-prisma";
import { newOrderNo, newOutTradeNo } from "@/lib/checkout/identifiers";
import type { SimWechat } from "@/tests/worker/simulator-wechat";

/** An ADMIN in admin_users (keys name their creator by id). */
export async function adminUser(db: Db, email = `admin-${Math.random().toString(36).slice(2)}@demo.local`) {
  const u = await db.adminUser.create({
    data: { email, name: "Keys", passwordHash: "scrypt$x", role: "ADMIN" },
  });
  return { id: u.id, email: u.email, name: u.name, role: u.role } satisfies AdminIdentity;
}

export async function newKey(db: Db, admin: AdminIdentity, scopes: ApiKeyScope[], name = "Shop backend") {
  // As the route does: through the input schema (trims the name, drops repeated scopes).
  return createApiKey(db, newApiKeySchema.parse({ name, scopes }), admin, false, "10.0.0.9");
}

export const bearer = (secret: string) => `Bearer ${secret}`;

let seq = 0;

/**
 * An order paid the way WeChat Pay sees it: a Native order placed at the simulator and paid with
 * its control API, and here a PAID order with that attempt (optionally as a Checkout Session,
 * optionally paid twice, as happens when a shopper pays an old QR and a new one; `simFen` makes
 * WeChat Pay's amount disagree, so it refuses refunds).
 */
export async function paidOrder(
  db: Db,
  s: SimWechat,
  amountFen: number,
  opts: { session?: boolean; payments?: number; paid?: boolean; simFen?: number } = {},
) {
  seq += 1;
  const orderNo = newOrderNo();
  const order = await db.order.create({
    data: {
      livemode: false,
      orderNo,
      totalFen: amountFen,
      description: "商户退款测试",
      status: opts.paid === false ? "PENDING" : "PAID",
      items: { create: [{ name: "年度会员", unitPriceFen: amountFen, quantity: 1, lineTotalFen: amountFen }] },
    },
  });
  const checkoutSessionId = opts.session ? `cs_${orderNo.replace("-", "")}${"t".repeat(10)}${seq}` : null;
  if (checkoutSessionId) {
    await db.checkoutSession.create({
      data: {
        id: checkoutSessionId,
        orderId: order.id,
        clientReferenceId: `cart-${seq}`,
        metadata: { cart: String(seq), note: "测试" },
        successUrl: "https://shop.example.com/thanks",
      },
    });
  }
  const outTradeNos: string[] = [];
  for (let i = 0; i < (opts.payments ?? 1); i += 1) {
    const outTradeNo = newOutTradeNo(orderNo);
    const paid = opts.paid !== false;
    if (paid) {
      await s.wechat.client.createNativeOrder({
        outTradeNo,
        description: "商户退款测试",
        amountFen: opts.simFen ?? amountFen,
        notifyUrl: "http://127.0.0.1:9/api/v1/payments/wechat/notify",
      });
      const r = await s.control("POST", `/_sim/orders/${outTradeNo}/pay`, {});
      if (r.status !== 200) throw new Error(`simulator pay: ${r.status}`);
    }
    await db.paymentAttempt.create({
      data: {
        livemode: false,
        orderId: order.id,
        outTradeNo,
        channel: "NATIVE",
        status: paid ? "PAID" : "PENDING",
        amountFen,
        mchid: s.wechat.merchant.mchId,
        appid: s.wechat.merchant.appId,
        transactionId: paid ? `42000${Date.now()}${seq}${i}` : null,
        expiresAt: new Date(Date.now() + 7200_000),
        // Distinct, ordered payment times: the first attempt was paid first.
        paidAt: paid ? new Date(Date.now() - 60_000 + i * 1000) : null,
      },
    });
    outTradeNos.push(outTradeNo);
  }
  return { orderNo, orderId: order.id, checkoutSessionId, outTradeNos };
}
