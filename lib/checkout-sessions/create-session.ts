import type { AppConfig } from "@/lib/config";
import { newOrderNo } from "@/lib/checkout/identifiers";
import { paymentWindowMs } from "@/lib/checkout/payment-window";
import { describeOrder, type PricedLine } from "@/lib/checkout/price-order";
import type { Db } from "@/lib/db/create-prisma";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { ConflictError } from "@/lib/errors/app-error";
import { ZodError } from "zod";
import { requestHash } from "./canonical-json";
import { catalogPriceCache, readActivePrices, type CatalogPriceCache } from "@/lib/catalog/catalog-price-cache";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { fieldError } from "./field-error";
import { insertSession } from "./insert-session";
import { assertRedirectsAllowed, withSessionId } from "./redirect-origins";
import { newSessionId } from "./session-id";
import { SESSION_SELECT, toSessionObject, type SessionRow } from "./session-object";
import { createSessionSchema, type CheckoutSessionObject, type CreateSessionInput } from "./session-schemas";
import { assertSameMode } from "@/lib/payments/livemode";

/** An Idempotency-Key is honoured this long; after that the key may start a new session. */
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export type SessionConfig = Pick<AppConfig, "appUrl" | "checkout" | "paymentWindowSeconds">;

interface CreateSessionOptions {
  /** The hot-path pg pool on PostgreSQL (lib/db/hot-sql); Prisma's raw query otherwise. */
  sql?: SqlRunner;
  config: SessionConfig;
  apiKeyId?: string | null;
  /** The creating key's mode: a test key's session is test data (test mode). */
  livemode: boolean;
  idempotencyKey?: string;
  now?: Date;
  /** Catalog prices this process has read (the process's own by default). */
  priceCache?: CatalogPriceCache;
}

interface CreatedSession {
  session: CheckoutSessionObject;
  /** false: an Idempotency-Key replay answered with the session it created first. */
  created: boolean;
}

type OrderLine = Omit<PricedLine, "productId"> & { productId: string | null };

/**
 * POST /api/v1/checkout/sessions: validates the body (schema, redirect origins, catalog, total),
 * prices catalog lines from active products (cached per process, rechecked inside the insert
 * statement so a changed product is never sold at its old price), and stores the order, its
 * items, the session and its timeline event in one statement (insert-session.ts). Nothing is
 * stored on any 400.
 */
export async function createCheckoutSession(db: Db, body: unknown, o: CreateSessionOptions): Promise<CreatedSession> {
  const now = o.now ?? new Date();
  const parsed = createSessionSchema.safeParse(body);
  if (!parsed.success) throw lineItemIssues(parsed.error, body);
  const input = parsed.data;
  assertRedirectsAllowed(input, o.config.checkout);
  const hash = o.idempotencyKey ? requestHash(input) : null;

  // An Idempotency-Key is looked up only when the insert hits its unique index (below): a fresh
  // key, the common case, costs no read first.
  const replayed = async () =>
    o.idempotencyKey ? await replay(db, o.idempotencyKey, hash!, o.config.appUrl, now, o.livemode) : null;

  const sql = o.sql ?? prismaRunner(db);
  const cache = o.priceCache ?? catalogPriceCache;
  const maxFen = o.config.checkout.maxAmountFen;
  // Pricing refuses a line (a product gone, a total over the limit): a replay still answers with
  // the session its key created, whatever changed in the catalog since.
  const price = async (): Promise<OrderLine[] | CheckoutSessionObject> => {
    try {
      return await priceLines(sql, input, maxFen, cache);
    } catch (err) {
      const prior = await replayed();
      if (prior) return prior;
      throw err;
    }
  };
  let priced = await price();
  if (!Array.isArray(priced)) return { session: priced, created: false };
  let lines = priced;
  const expiresInMs =
    input.expiresInSeconds !== undefined
      ? input.expiresInSeconds * 1000
      : paymentWindowMs("NATIVE", o.config.paymentWindowSeconds);
  const expiresAt = new Date(now.getTime() + expiresInMs);
  const metadata = input.metadata ?? {};

  for (let attempt = 0, repriced = 0; ; attempt += 1) {
    const totalFen = lines.reduce((n, l) => n + l.lineTotalFen, 0);
    const description = input.description ?? describeOrder(lines as PricedLine[]);
    const id = newSessionId();
    const orderNo = newOrderNo(now);
    const successUrl = withSessionId(input.successUrl, id);
    const cancelUrl = input.cancelUrl === undefined ? null : withSessionId(input.cancelUrl, id);
    try {
      const stored = await insertSession(sql, {
        sessionId: id,
        orderNo,
        totalFen,
        description,
        expiresAt,
        now,
        lines,
        event: { sessionId: id, clientReferenceId: input.clientReferenceId ?? null, metadata, totalFen },
        apiKeyId: o.apiKeyId ?? null,
        livemode: o.livemode,
        clientReferenceId: input.clientReferenceId ?? null,
        metadata,
        successUrl,
        cancelUrl,
        idempotencyKey: o.idempotencyKey ?? null,
        requestHash: hash,
      });
      if (!stored) {
        // A catalog line's product changed since this process priced it (another instance's
        // admin, a deactivation): price those lines afresh, which may now refuse them (400).
        if (repriced >= 3)
          throw new ConflictError("CATALOG_CHANGED", "The catalog changed while creating this session; try again");
        repriced += 1;
        cache.forget(catalogIds(input));
        priced = await price();
        if (!Array.isArray(priced)) return { session: priced, created: false };
        lines = priced;
        continue;
      }
      // Everything in the answer is known here: no read back.
      const row: SessionRow = {
        id,
        clientReferenceId: input.clientReferenceId ?? null,
        metadata,
        successUrl,
        cancelUrl,
        expiredAt: null,
        order: { orderNo, status: "PENDING", totalFen, expiresAt, livemode: o.livemode, items: lines, payments: [] },
      };
      return { session: toSessionObject(row, o.config.appUrl, now), created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A concurrent request with the same key won the unique index: answer with its session.
      const prior = await replayed();
      if (prior) return { session: prior, created: false };
      // Otherwise an order number or session id drew a duplicate: draw again.
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * The session an Idempotency-Key already created (same body), a 409 for another body, or null
 * when the key is unused or older than 24 h (its old row then lets go of it).
 */
async function replay(
  db: Db,
  key: string,
  hash: string,
  appUrl: string,
  now: Date,
  livemode: boolean,
): Promise<CheckoutSessionObject | null> {
  const prior = await db.checkoutSession.findUnique({ where: { idempotencyKey: key }, select: SESSION_SELECT });
  if (!prior) return null;
  assertSameMode(prior.order.livemode, livemode);
  if (now.getTime() - prior.createdAt.getTime() >= IDEMPOTENCY_TTL_MS) {
    await db.checkoutSession.updateMany({
      where: { id: prior.id, idempotencyKey: key },
      data: { idempotencyKey: null },
    });
    return null;
  }
  if (prior.requestHash !== hash)
    throw new ConflictError(
      "IDEMPOTENCY_KEY_REUSED",
      "This Idempotency-Key was used with another request body; use a new key for a new session",
    );
  return toSessionObject(prior, appUrl, now);
}

const catalogIds = (input: CreateSessionInput) => [
  ...new Set(input.lineItems.flatMap((l) => ("productId" in l ? [l.productId] : []))),
];

/**
 * Catalog lines at the product's current price (active products only; from `cache` when this
 * process has read them, rechecked by the insert), merchant lines as given.
 */
async function priceLines(
  sql: SqlRunner,
  input: CreateSessionInput,
  maxAmountFen: number,
  cache: CatalogPriceCache,
): Promise<OrderLine[]> {
  const byId = await readActivePrices(sql, catalogIds(input), cache);
  const lines = input.lineItems.map((l, i): OrderLine => {
    if ("productId" in l) {
      const p = byId.get(l.productId);
      if (!p) throw fieldError(["lineItems", i, "productId"], "No active product with this id");
      return {
        productId: p.id,
        name: p.name,
        unitPriceFen: p.priceFen,
        quantity: l.quantity,
        lineTotalFen: p.priceFen * l.quantity,
      };
    }
    return {
      productId: null,
      name: l.name,
      unitPriceFen: l.unitAmountFen,
      quantity: l.quantity,
      lineTotalFen: l.unitAmountFen * l.quantity,
    };
  });
  const total = lines.reduce((n, l) => n + l.lineTotalFen, 0);
  if (total > maxAmountFen)
    throw fieldError(["lineItems"], `The total (${total} fen) is over the limit of ${maxAmountFen} fen`);
  return lines;
}

/**
 * A line item that matches neither shape fails as one `invalid_union` at `lineItems.N`; report
 * the issues of the shape it was meant to be (catalog if it names a productId) at their fields.
 */
function lineItemIssues(err: ZodError, body: unknown): ZodError {
  return new ZodError(
    err.issues.flatMap((issue) => {
      if (issue.code !== "invalid_union" || issue.path[0] !== "lineItems" || issue.errors.length !== 2) return [issue];
      const items = (body as { lineItems?: unknown[] } | null)?.lineItems;
      const item = Array.isArray(items) ? items[Number(issue.path[1])] : undefined;
      const branch = item && typeof item === "object" && "productId" in item ? 0 : 1;
      return issue.errors[branch]!.map((sub) => ({ ...sub, path: [...issue.path, ...sub.path] }));
    }),
  );
}
