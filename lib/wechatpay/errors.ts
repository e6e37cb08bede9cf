// One small hierarchy so callers can map failures to HTTP responses with `instanceof`.
// Messages never carry keys, signatures or whole bodies: they end up in logs.

export class WechatPayError extends Error {
  /** Request-ID of the WeChat Pay response, when there was one. */
  readonly requestId: string | undefined;

  constructor(message: string, options: { cause?: unknown; requestId?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.requestId = options.requestId;
  }
}

export interface WechatPayErrorDetail {
  field?: string;
  value?: unknown;
  issue?: string;
  location?: string;
}

/** A non-2xx answer from WeChat Pay. Never trusted as data: it is unsigned. */
export class WechatPayApiError extends WechatPayError {
  readonly status: number;
  readonly code: string;
  readonly detail: WechatPayErrorDetail | undefined;
  /** 5xx and 429: retry later with the same identifiers (out_trade_no / out_refund_no). */
  readonly retryable: boolean;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    detail?: WechatPayErrorDetail;
    requestId?: string;
  }) {
    super(`WeChat Pay ${init.status} ${init.code}: ${init.message}`, { requestId: init.requestId });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.retryable = init.status === 429 || init.status >= 500;
  }
}

/** Signature missing, malformed or wrong. */
export class SignatureError extends WechatPayError {}

/** Wechatpay-Timestamp missing, malformed or outside the ±300 s window. */
export class TimestampError extends SignatureError {}

/** Wechatpay-Serial names no key we hold (after at most one rate-limited refresh). */
export class UnknownSerialError extends SignatureError {
  readonly serial: string;
  constructor(serial: string, options: { cause?: unknown; requestId?: string } = {}) {
    super(`Unknown Wechatpay-Serial ${serial.slice(0, 64)}`, options);
    this.serial = serial;
  }
}

/** A `WECHATPAY/SIGNTEST/` probe: must never be answered with 2xx. */
export class SigntestProbeError extends SignatureError {}

/** Wechatpay-Signature-Type or resource.algorithm is not the one we support. */
export class AlgorithmError extends WechatPayError {}

/** AES-GCM authentication failed: wrong key, nonce, AAD or tampered ciphertext. */
export class DecryptionError extends WechatPayError {}

/** The notification verified but its JSON (envelope or plaintext) is not what WeChat Pay sends. */
export class MalformedNotificationError extends WechatPayError {}

/** A 2xx response whose (verified) body does not have the documented shape. */
export class UnexpectedResponseError extends WechatPayError {}

/** The request timed out: the outcome is unknown, query before acting. */
export class TimeoutError extends WechatPayError {
  readonly retryable = true;
}

/** The request never got an HTTP answer (DNS, TCP, TLS). */
export class NetworkError extends WechatPayError {
  readonly retryable = true;
}

/** Input rejected before sending because it breaks a documented field limit. */
export class ValidationError extends WechatPayError {
  readonly field: string;
  constructor(field: string, issue: string) {
    super(`Invalid ${field}: ${issue}`);
    this.field = field;
  }
}

/**
 * The configuration is wrong: options given to this library, or (lib/config throws the same
 * class) the app's environment. Each problem names a variable or option, never its value. Not a
 * WechatPayError: nothing was sent and WeChat Pay did not fail, so it must never read as
 * "WeChat Pay is unavailable".
 */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string | string[], options: { cause?: unknown } = {}) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(
      `Invalid configuration:\n${list.map((p) => `  - ${p}`).join("\n")}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "ConfigError";
    this.problems = list;
  }
}

/** Downloaded bill does not match the hash_value given by the bill request. */
export class BillHashMismatchError extends WechatPayError {}
