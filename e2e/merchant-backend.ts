// A merchant's own server, as small as one can be: it holds an API key, creates a Checkout
// Session when a shopper clicks "buy", sends the shopper to the session's `url`, and on the
// shopper's return to successUrl asks the API what happened. Every call to the payment API is
// in `merchantApi` below (plain fetch today; an openapi-fetch client from the document later).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SessionObject {
  id: string;
  object: "checkout.session";
  status: "open" | "complete" | "expired";
  url: string;
  orderNo: string;
  amountTotalFen: number;
  currency: "CNY";
  lineItems: { productId: string | null; name: string; unitAmountFen: number; quantity: number; amountFen: number }[];
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string | null;
  expiresAt: string;
  paidAt: string | null;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The payment API as the merchant's server calls it: `Authorization: Bearer sk_…`. */
export function merchantApi(appUrl: string, secret: string) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${secret}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T } satisfies ApiAnswer<T>;
  }
  return {
    createSession: (body: unknown, idempotencyKey?: string) =>
      call<SessionObject>(
        "POST",
        "/api/v1/checkout/sessions",
        body,
        idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
      ),
    getSession: (id: string) => call<SessionObject>("GET", `/api/v1/checkout/sessions/${encodeURIComponent(id)}`),
    expireSession: (id: string) =>
      call<SessionObject>("POST", `/api/v1/checkout/sessions/${encodeURIComponent(id)}/expire`),
  };
}

export type MerchantApi = ReturnType<typeof merchantApi>;

export interface MerchantBackend {
  url: string;
  api: MerchantApi;
  /** What /thanks learnt from the API, one entry per visit. */
  returns: { sessionId: string; session: SessionObject }[];
  /** The cart a /buy visit turns into a session (the catalog product's id comes from the shop). */
  lineItems: unknown[];
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** Starts the merchant's server on an OS-assigned port. */
export async function startMerchantBackend(
  appUrl: string,
  secret: string,
  lineItems: unknown[],
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
