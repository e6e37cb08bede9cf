import type { Db } from "@/lib/db/create-prisma";
import { getLogger } from "@/lib/observability/logger";
import { getMetrics } from "@/lib/observability/metrics";
import { parseNotification, type ParsedNotification } from "@/lib/wechatpay";
import type { WechatContext } from "../wechat-context";
import type { SqlRunner } from "./apply-success-fast";
import { dispatchNotification } from "./dispatch-notification";
import { acceptedResponse, classifyRejection, failResponse } from "./notify-response";
import { readBodyLimited } from "./read-body-limited";
import { recordRejectedNotification } from "./record-rejected-notification";

export interface NotifyHandlerDeps {
  getDb(): Promise<Db>;
  getWechat(): WechatContext;
  /** The hot path's raw pool on PostgreSQL (null: go through Prisma). */
  getSql?: () => SqlRunner | null;
  /** Epoch ms; tests pass a fixed clock for the timestamp window. */
  now?: () => number;
  /** Larger bodies are refused unread (413). WeChat Pay's notifications are ~1 KB. */
  maxBodyBytes?: number;
  /** WeChat Pay waits 5 s; past this we answer 500 so it retries rather than times out. */
  deadlineMs?: number;
}

const DEFAULT_MAX_BODY = 64 * 1024;
const DEFAULT_DEADLINE_MS = 4000;

class DeadlineError extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * POST /api/v1/payments/wechat/notify: raw body read once (size-capped) → verify, decrypt, validate
 * (lib/wechatpay) → apply exactly once (lib/payments) → 204. Refusals are counted per reason and
 * minute (the first few also kept as REJECTED events) and answered 4xx; only transient failures
 * (database, deadline) get 500, so WeChat Pay's retry can still succeed. A duplicate is 204: the first delivery already did the work.
 */
export function createNotifyHandler(deps: NotifyHandlerDeps): (request: Request) => Promise<Response> {
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;

  async function reject(request: Request, status: number, reason: string, message: string): Promise<Response> {
    const requestId = request.headers.get("request-id")?.slice(0, 80);
    getMetrics().notifications.inc({ event_type: "unknown", outcome: "REJECTED", reason });
    getLogger("notify").warn(
      { reason, status, wechatpayRequestId: requestId },
      `notify: refused ${reason}: ${message}`,
    );
    try {
      const at = new Date(deps.now?.() ?? Date.now());
      await recordRejectedNotification(await deps.getDb(), request.headers, reason, message, at);
    } catch (err) {
      // The refusal stands either way (a retry cannot make a bad signature good).
      getLogger("notify").error({ err }, "notify: could not record a refused notification");
    }
    return failResponse(status, message);
  }

  async function handle(request: Request): Promise<Response> {
    const rawBody = await readBodyLimited(request, maxBody);
    if (rawBody === null) return reject(request, 413, "BODY_TOO_LARGE", `body over ${maxBody} bytes`);

    const wechat = deps.getWechat();
    let parsed: ParsedNotification;
    try {
      parsed = await parseNotification({
        rawBody,
        headers: request.headers,
        verifier: wechat.verifier,
        apiV3Key: wechat.credentials.apiV3Key,
        now: deps.now?.(),
      });
    } catch (err) {
      const rejection = classifyRejection(err);
      if (!rejection) throw err;
      return reject(request, rejection.status, rejection.reason, err instanceof Error ? err.message : rejection.reason);
    }

    const db = await deps.getDb();
    const serial = request.headers.get("wechatpay-serial") ?? undefined;
    const outcome = await dispatchNotification(db, parsed, wechat.merchant, serial, deps.getSql?.() ?? null);
    const eventType = parsed.envelope.event_type;
    const reason = outcome.result === "FLAGGED" ? outcome.reason : "";
    getMetrics().notifications.inc({ event_type: eventType, outcome: outcome.result, reason });
    getLogger("notify").debug(
      { eventType, notificationId: parsed.envelope.id, outcome: outcome.result, wechatpayRequestId: parsed.requestId },
      "notify: applied",
    );
    if (outcome.result === "FLAGGED") {
      getLogger("notify").warn(
        { eventType, notificationId: parsed.envelope.id, reason, wechatpayRequestId: parsed.requestId },
        `notify: ${eventType} ${parsed.envelope.id} flagged for an admin: ${outcome.reason}`,
      );
    }
    // TRANSITIONED, UNCHANGED, DUPLICATE, IGNORED and FLAGGED alike: a retry would change nothing.
    return acceptedResponse();
  }

  return async function POST(request: Request): Promise<Response> {
    try {
      return await withDeadline(handle(request), deadlineMs);
    } catch (err) {
      // Transient (database down, deadline): 5xx so WeChat Pay delivers again later.
      const deadline = err instanceof DeadlineError;
      getMetrics().notifications.inc({
        event_type: "unknown",
        outcome: "FAILED",
        reason: deadline ? "DEADLINE" : "TRANSIENT",
      });
      getLogger("notify").error({ err }, "notify: transient failure");
      return failResponse(
        500,
        deadline ? "processing timed out, retry later" : "temporarily unable to process, retry later",
      );
    }
  };
}
