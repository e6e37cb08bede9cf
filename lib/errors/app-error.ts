/**
 * Domain errors: what went wrong in terms a shopper, an admin or a client can act on. Each
 * carries a stable `code` for the JSON body; lib/http/error-response maps them to HTTP in one
 * place. Messages are safe to show: no keys, no raw upstream bodies.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  readonly code: string;
  readonly status = 400;
  constructor(message: string, details?: Record<string, unknown>, code = "BAD_REQUEST") {
    super(message, details);
    this.code = code;
  }
}

export class NotFoundError extends AppError {
  readonly code = "NOT_FOUND";
  readonly status = 404;
}

export class UnauthorizedError extends AppError {
  readonly code = "UNAUTHORIZED";
  readonly status = 401;
}

export class ForbiddenError extends AppError {
  readonly code = "FORBIDDEN";
  readonly status = 403;
}

/** The request is valid but the resource's state forbids it (closed order, already paid, …). */
export class ConflictError extends AppError {
  readonly code: string;
  readonly status = 409;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = "PAYLOAD_TOO_LARGE";
  readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes`, { maxBytes });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
  readonly status = 415;
  constructor() {
    super("Send the body as JSON (Content-Type: application/json)");
  }
}

export class RateLimitedError extends AppError {
  readonly code = "RATE_LIMITED";
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super("Too many requests; try again shortly", { retryAfterSeconds });
  }
}

/** WeChat Pay could not be reached or failed transiently; the operation may be retried. */
export class UpstreamUnavailableError extends AppError {
  readonly code = "UPSTREAM_UNAVAILABLE";
  readonly status = 503;
  constructor(message = "WeChat Pay is temporarily unavailable", options?: { cause?: unknown }) {
    super(message, undefined, options);
  }
}

/** WeChat Pay refused the request for a reason retrying will not fix. */
export class UpstreamRejectedError extends AppError {
  readonly code = "UPSTREAM_REJECTED";
  readonly status = 502;
  constructor(
    readonly upstreamCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, { upstreamCode }, options);
  }
}

/** PostgreSQL did not answer in time or cannot be reached; nothing was changed that a retry would double. */
export class DatabaseUnavailableError extends AppError {
  readonly code = "DATABASE_UNAVAILABLE";
  readonly status = 503;
  constructor(
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super("The service is temporarily unavailable; try again shortly", undefined, options);
  }
}

/**
 * Our own fault, not the caller's and not WeChat Pay's: a broken configuration, a request we
 * refused to send, a resource we could not decrypt. 500 with a stable code of its own, never 503
 * "temporarily unavailable" (a retry meets the same fault); the cause goes to the log only.
 */
export class InternalError extends AppError {
  readonly code: string;
  readonly status = 500;
  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, details, options);
    this.code = code;
  }
}
