import { ZodError } from "zod";
import { AppError, DatabaseUnavailableError, InternalError, RateLimitedError } from "@/lib/errors/app-error";
import { fromProtocolError } from "@/lib/errors/from-protocol-error";
import { isDatabaseUnavailable } from "@/lib/db/is-database-unavailable";
import { getLogger } from "@/lib/observability/logger";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Known failures of our dependencies as domain errors; anything else is returned as it is. */
function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const fromProtocol = fromProtocolError(err);
  if (fromProtocol) return fromProtocol;
  if (isDatabaseUnavailable(err)) {
    getLogger("http").warn({ err }, "database unavailable");
    return new DatabaseUnavailableError(undefined, { cause: err });
  }
  return err;
}

/**
 * The one place errors become HTTP: `{ error: { code, message, details? } }` with a stable
 * code. A database that does not answer is 503 DATABASE_UNAVAILABLE with Retry-After; WeChat
 * Pay failing is 503 or 502; our own faults (configuration, a request refused before sending, a
 * failed decryption, a bill's hash) are 500 with their own code (lib/errors/from-protocol-error).
 * Unknown errors are logged and answered 500 INTERNAL without their message.
 */
export function errorResponse(err: unknown): Response {
  const appErr = toAppError(err);
  if (appErr instanceof AppError) {
    // Our own fault: the answer says which kind, the log says what exactly.
    if (appErr instanceof InternalError) getLogger("http").error({ err }, appErr.message);
    const headers: Record<string, string> = {};
    if (appErr instanceof RateLimitedError || appErr instanceof DatabaseUnavailableError)
      headers["Retry-After"] = String(appErr.retryAfterSeconds);
    return Response.json(body(appErr.code, appErr.message, appErr.details), { status: appErr.status, headers });
  }
  if (appErr instanceof ZodError) {
    const details = appErr.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return Response.json(body("VALIDATION_ERROR", "The request is not valid", details), { status: 400 });
  }
  if (appErr instanceof SyntaxError) {
    return Response.json(body("VALIDATION_ERROR", "The request body is not valid JSON"), { status: 400 });
  }
  getLogger("http").error({ err }, "unhandled error");
  return Response.json(body("INTERNAL", "Something went wrong"), { status: 500 });
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
