// A merchant's own server, as small as one can be: it holds an API key, creates a Checkout
// Session when a shopper clicks "buy", sends the shopper to the session's `url`, and on the
// shopper's return to successUrl asks the API what happened. Every call to the payment API goes
// through a client generated from the app's OpenAPI document (openapi-typescript → api-types.ts,
// openapi-fetch), the same client docs/merchant-integration.md shows: the document is proven by use.
import http from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import type { components, paths } from "./merchant/api-types";

export type SessionObject = components["schemas"]["CheckoutSession"];
export type RefundObject = components["schemas"]["Refund"];
type CreateSession = components["schemas"]["CreateCheckoutSession"];

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** openapi-fetch's `{data, error, response}` as the spec reads it: the status and whichever body came. */
async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<ApiAnswer<T>> {
  const { data, error, response } = await call;
  return { status: response.status, body: (data ?? error) as T };
}

/** The payment API as the merchant's server calls it: `Authorization: Bearer sk_…`. */
export function merchantApi(appUrl: string, secret: string) {
  const api = createClient<paths>({ baseUrl: appUrl, headers: { Authorization: `Bearer ${secret}` } });
  const session = (id: string) => ({ params: { path: { id } } });
  return {
    createSession: (body: CreateSession, idempotencyKey?: string) =>
      answer(
        api.POST("/api/v1/checkout/sessions", {
          params: { header: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {} },
          body,
        }),
      ),
    getSession: (id: string) => answer(api.GET("/api/v1/checkout/sessions/{id}", session(id))),
    expireSession: (id: string) => answer(api.POST("/api/v1/checkout/sessions/{id}/expire", session(id))),
    refund: (checkoutSessionId: string, amountFen: number, idempotencyKey: string) =>
      answer(
        api.POST("/api/v1/refunds", {
          params: { header: { "Idempotency-Key": idempotencyKey } },
          body: { checkoutSessionId, amountFen, reason: "顾客退货 Returned" },
        }),
      ),
    getRefund: (id: string) => answer(api.GET("/api/v1/refunds/{id}", { params: { path: { id } } })),
    getOrder: (orderNo: string) => answer(api.GET("/api/v1/orders/{orderNo}", { params: { path: { orderNo } } })),
  };
}

export type MerchantApi = ReturnType<typeof merchantApi>;

export interface MerchantBackend {
  url: string;
  api: MerchantApi;
  /** What /thanks learnt from the API, one entry per visit. */
  returns: { sessionId: string; session: SessionObject }[];
  /** The cart a /buy visit turns into a session (the catalog product's id comes from the shop). */
  lineItems: CreateSession["lineItems"];
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** Starts the merchant's server on an OS-assigned port. */
export async function startMerchantBackend(
  appUrl: string,
  secret: string,
  lineItems: CreateSession["lineItems"],
): Promise<MerchantBackend> {
  const api = merchantApi(appUrl, secret);
  const returns: MerchantBackend["returns"] = [];
  let orders = 0;
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://merchant.local");
    try {
      if (u.pathname === "/buy") {
        orders += 1;
        const ref = `merchant-order-${orders}`;
        const key = `buy-${process.pid}-${Date.now()}-${orders}`;
        const created = await api.createSession(
          {
            lineItems,
            successUrl: `${backend.url}/thanks?session={CHECKOUT_SESSION_ID}`,
            cancelUrl: `${backend.url}/cancelled?session={CHECKOUT_SESSION_ID}`,
            clientReferenceId: ref,
            metadata: { channel: "e2e" },
            expiresInSeconds: u.searchParams.has("short") ? 300 : undefined,
          },
          key,
        );
        if (created.status !== 201)
          throw new Error(`create session: ${created.status} ${JSON.stringify(created.body)}`);
        res.writeHead(303, { Location: created.body.url }).end();
      } else if (u.pathname === "/thanks") {
        const id = u.searchParams.get("session") ?? "";
        const { body: session } = await api.getSession(id);
        returns.push({ sessionId: id, session });
        res
          .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
          .end(
            page(
              "Thanks",
              `<h1 data-testid="merchant-thanks">Thank you</h1><p data-testid="merchant-session">${id}</p><p data-testid="merchant-status">${session.status}</p>`,
            ),
          );
      } else if (u.pathname === "/cancelled") {
        res
          .writeHead(200, { "Content-Type": "text/html; charset=utf-8" })
          .end(page("Cancelled", `<h1 data-testid="merchant-cancelled">Checkout cancelled</h1>`));
      } else {
        res.writeHead(404).end();
      }
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const backend: MerchantBackend = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    api,
    returns,
    lineItems,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return backend;
}
