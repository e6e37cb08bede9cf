import { z } from "zod";
import type { Db } from "@/lib/db/create-prisma";
import { checkoutSessionSchema } from "@/lib/checkout-sessions/session-schemas";
import { SESSION_SELECT, toSessionObject } from "@/lib/checkout-sessions/session-object";
import { orderObjectSchema, orderRowInclude, toOrderObject } from "@/lib/orders/order-object";
import { refundObjectSchema, refundRowInclude, refundRowToObject } from "@/lib/refunds/refund-object";
import {
  EVENT_DESCRIPTIONS,
  EVENT_TYPES,
  eventObjectKind,
  isEventType,
  type EventType,
} from "@/lib/events/event-types";

// An event as GET /api/v1/events lists it and as a webhook carries it. `data.object` is the
// object exactly as the REST API returns it, in its state when rendered (not when the event was
// written): retries and late readers always see the current state; `type` says what happened.

export const pingObjectSchema = z
  .object({
    object: z.literal("ping"),
    livemode: z.boolean(),
    endpointId: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "Ping", description: "The object of a ping event (“Send test”)." });

const eventDataSchema = z
  .object({
    object: z.union([checkoutSessionSchema, orderObjectSchema, refundObjectSchema, pingObjectSchema]),
    reason: z
      .string()
      .optional()
      .meta({ description: "payment.flagged: AMOUNT_MISMATCH, MCHID_MISMATCH, DOUBLE_PAYMENT, PAID_AFTER_CLOSE…" }),
    outTradeNo: z.string().optional().meta({ description: "payment.flagged: the payment attempt concerned." }),
  })
  .meta({ id: "EventData" });

export const eventObjectSchema = z
  .object({
    id: z.string().meta({ example: "evt_2Zk8mQf7Lr0aXc4Vb9NtYp3W", description: "Also the webhook-id header." }),
    object: z.literal("event"),
    livemode: z.boolean().meta({ description: "false: test data (a sk_test_ key, paid through the simulator)." }),
    type: z.enum(EVENT_TYPES),
    createdAt: z.iso.datetime(),
    data: eventDataSchema,
  })
  .meta({ id: "Event", description: "Something that happened to a session, an order or a refund." });

export type EventObject = z.infer<typeof eventObjectSchema>;
export type EventData = z.infer<typeof eventDataSchema>;

export interface EventRow {
  id: string;
  type: string;
  livemode: boolean;
  orderId: string | null;
  refundId: string | null;
  detail: unknown;
  createdAt: Date;
}

/**
 * The Standard Webhooks body: exactly `{"type","timestamp","data"}`. A test event says so in
 * its object (`data.object.livemode: false`), as every object does.
 */
export function webhookBody(e: EventObject): string {
  return JSON.stringify({ type: e.type, timestamp: e.createdAt, data: e.data });
}

/**
 * Renders events with their objects' current state, loading each kind of object in one query.
 * An event whose object is gone (test data deleted) is left out.
 */
export async function renderEvents(db: Db, rows: EventRow[], appUrl: string, now = new Date()): Promise<EventObject[]> {
  const ids = (kind: ReturnType<typeof eventObjectKind>, pick: (r: EventRow) => string | null) => [
    ...new Set(
      rows.filter((r) => isEventType(r.type) && eventObjectKind(r.type) === kind).flatMap((r) => pick(r) ?? []),
    ),
  ];
  const sessionOrderIds = ids("checkout.session", (r) => r.orderId);
  const orderIds = ids("order", (r) => r.orderId);
  const refundIds = ids("refund", (r) => r.refundId);
  const [sessions, orders, refunds] = await Promise.all([
    sessionOrderIds.length
      ? db.checkoutSession.findMany({
          where: { orderId: { in: sessionOrderIds } },
          select: { ...SESSION_SELECT, orderId: true },
        })
      : [],
    orderIds.length ? db.order.findMany({ where: { id: { in: orderIds } }, include: orderRowInclude }) : [],
    refundIds.length ? db.refund.findMany({ where: { id: { in: refundIds } }, include: refundRowInclude }) : [],
  ]);
  const sessionBy = new Map(sessions.map((s) => [s.orderId, toSessionObject(s, appUrl, now)]));
  const orderBy = new Map(orders.map((o) => [o.id, toOrderObject(o)]));
  const refundBy = new Map(refunds.map((r) => [r.id, refundRowToObject(r)]));

  return rows.flatMap((r): EventObject[] => {
    if (!isEventType(r.type)) return [];
    const detail = stringDetail(r.detail);
    const kind = eventObjectKind(r.type);
    const object =
      kind === "checkout.session"
        ? sessionBy.get(r.orderId ?? "")
        : kind === "order"
          ? orderBy.get(r.orderId ?? "")
          : kind === "refund"
            ? refundBy.get(r.refundId ?? "")
            : {
                object: "ping" as const,
                livemode: r.livemode,
                endpointId: detail.endpointId ?? null,
                message: EVENT_DESCRIPTIONS.ping,
              };
    if (!object) return [];
    const data: EventData = { object };
    if (r.type === "payment.flagged") Object.assign(data, { reason: detail.reason, outTradeNo: detail.outTradeNo });
    return [
      {
        id: r.id,
        object: "event",
        livemode: r.livemode,
        type: r.type as EventType,
        createdAt: r.createdAt.toISOString(),
        data,
      },
    ];
  });
}

function stringDetail(json: unknown): Record<string, string | undefined> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === "string"));
}
