import { NetworkError, TimeoutError, WechatPayApiError, WechatPayError, type WechatPayErrorDetail } from "./errors";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  /** Tried after a network failure, timeout or 5xx on the primary host; null disables failover. */
  backupBaseUrl: string | null;
  fetch: FetchLike;
  timeoutMs: number;
  /** Extra attempts after the first, for 5xx, 429, timeouts and network errors. */
  retries: number;
  retryBaseDelayMs: number;
  /**
   * Backoff base after a 429 FREQUENCY_LIMITED: the merchant's quota is spent for a while, so a
   * retry within a fraction of a second only spends more of it. Waits ~1–2 s, then ~2–4 s.
   */
  rateLimitBaseDelayMs?: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  userAgent: string;
  /** Builds the Authorization header; called per attempt so each gets a fresh timestamp and nonce. */
  authorize: (method: string, pathWithQuery: string, body: string) => string;
  wechatpaySerial?: string;
  /** Told about every HTTP attempt (metrics, logs); its errors are swallowed. */
  onCall?: WechatPayCallObserver;
}

/** One HTTP attempt, as an observer sees it: no bodies, no headers but WeChat Pay's Request-ID. */
export interface WechatPayCall {
  /** A stable name for the API, e.g. `pay.transactions.native`; `other` when the request named none. */
  endpoint: string;
  method: "GET" | "POST";
  /** The HTTP status; undefined when no answer came (see `failure`). */
  status: number | undefined;
  failure?: "timeout" | "network";
  /** WeChat Pay's error code for a non-2xx answer (e.g. ORDER_NOT_EXIST, HTTP_502 without a body). */
  code?: string;
  /** The `Request-ID` response header. */
  requestId: string | undefined;
  durationMs: number;
  /** 0 for the first try, then 1, 2… for retries. */
  attempt: number;
  /** The attempt went to the backup host (failover). */
  backupHost: boolean;
}

export type WechatPayCallObserver = (call: WechatPayCall) => void;

export interface TransportRequest {
  /** Names the API for observers (`pay.transactions.native`); never sent. */
  endpoint?: string;
  method: "GET" | "POST";
  /** Path and query as signed, e.g. `/v3/pay/transactions/id/42?mchid=1`. */
  pathWithQuery: string;
  /** Serialised once by the caller; this exact string is signed and sent on every attempt. */
  body?: string;
  /** Overrides the client's Wechatpay-Serial: the key that encrypted this request's sensitive fields. */
  wechatpaySerial?: string;
  /** false: a 429 is thrown at once instead of retried here (the limit outlasts any backoff). */
  retryRateLimited?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  requestId: string | undefined;
}

/** Non-2xx bodies are unsigned: read only code/message/detail, truncated, never as data. */
function apiError(status: number, text: string, requestId: string | undefined): WechatPayApiError {
  let parsed: { code?: unknown; message?: unknown; detail?: unknown } = {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object") parsed = value;
  } catch {
    // Not JSON (proxy error page): fall back to the status alone.
  }
  const code = typeof parsed.code === "string" ? parsed.code.slice(0, 64) : `HTTP_${status}`;
  const message = typeof parsed.message === "string" ? parsed.message.slice(0, 200) : "no error message";
  const detail =
    parsed.detail && typeof parsed.detail === "object" ? (parsed.detail as WechatPayErrorDetail) : undefined;
  return new WechatPayApiError({ status, code, message, detail, requestId });
}

async function attempt(options: TransportOptions, base: string, request: TransportRequest): Promise<RawResponse> {
  const url = `${base.replace(/\/+$/, "")}${request.pathWithQuery}`;
  const parsed = new URL(url);
  const signedPath = `${parsed.pathname}${parsed.search}`;
  const body = request.body ?? "";
  const headers: Record<string, string> = {
    Accept: "application/json",
    "User-Agent": options.userAgent,
    Authorization: options.authorize(request.method, signedPath, body),
  };
  if (request.body !== undefined) headers["Content-Type"] = "application/json";
  const serial = request.wechatpaySerial ?? options.wechatpaySerial;
  if (serial) headers["Wechatpay-Serial"] = serial;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const init: RequestInit = { method: request.method, headers, signal: controller.signal, redirect: "error" };
    if (request.body !== undefined) init.body = request.body;
    const response = await options.fetch(url, init);
    const bytes = Buffer.from(await response.arrayBuffer());
    const requestId = response.headers.get("Request-ID") ?? undefined;
    return { status: response.status, headers: response.headers, bytes, text: bytes.toString("utf8"), requestId };
  } catch (cause) {
    if (controller.signal.aborted) {
      throw new TimeoutError(`${request.method} ${parsed.pathname} timed out after ${options.timeoutMs} ms`, { cause });
    }
    throw new NetworkError(`${request.method} ${parsed.pathname} failed: ${describe(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

function describe(cause: unknown): string {
  const error = cause instanceof Error ? cause : undefined;
  const code = (error?.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : (error?.name ?? "unknown error");
}

function isRetryable(error: unknown): error is WechatPayError {
  return (
    error instanceof TimeoutError ||
    error instanceof NetworkError ||
    (error instanceof WechatPayApiError && error.retryable)
  );
}

/**
 * Sends one logical request with retries (exponential backoff, equal jitter) and failover to
 * the backup host. Returns any 2xx unverified: the caller checks the signature or file hash.
 */
export async function send(options: TransportOptions, request: TransportRequest): Promise<RawResponse> {
  const hosts = options.backupBaseUrl ? [options.baseUrl, options.backupBaseUrl] : [options.baseUrl];
  let host = 0;
  let lastError: unknown;
  let rateLimited = false;
  for (let i = 0; i <= options.retries; i++) {
    if (i > 0) {
      const base = rateLimited ? (options.rateLimitBaseDelayMs ?? 2000) : options.retryBaseDelayMs;
      const ceiling = base * 2 ** (i - 1);
      await options.sleep(ceiling / 2 + options.random() * (ceiling / 2));
    }
    const started = performance.now();
    let response: RawResponse | undefined;
    try {
      response = await attempt(options, hosts[host] ?? options.baseUrl, request);
      if (response.status >= 200 && response.status < 300) {
        report(options, request, { response, started, attempt: i, host });
        return response;
      }
      throw apiError(response.status, response.text, response.requestId);
    } catch (error) {
      report(options, request, { response, error, started, attempt: i, host });
      if (!isRetryable(error)) throw error;
      lastError = error;
      // 429 is a per-merchant limit: the other host would refuse too. Everything else fails over.
      rateLimited = error instanceof WechatPayApiError && error.status === 429;
      if (rateLimited && request.retryRateLimited === false) throw error;
      if (!rateLimited && hosts.length > 1) host = 1;
    }
  }
  throw lastError;
}

function report(
  options: TransportOptions,
  request: TransportRequest,
  a: { response?: RawResponse; error?: unknown; started: number; attempt: number; host: number },
): void {
  if (!options.onCall) return;
  const failure =
    a.response === undefined
      ? a.error instanceof TimeoutError
        ? ("timeout" as const)
        : a.error instanceof NetworkError
          ? ("network" as const)
          : undefined
      : undefined;
  const call: WechatPayCall = {
    endpoint: request.endpoint ?? "other",
    method: request.method,
    status: a.response?.status,
    requestId: a.response?.requestId,
    durationMs: performance.now() - a.started,
    attempt: a.attempt,
    backupHost: a.host > 0,
  };
  if (failure) call.failure = failure;
  if (a.error instanceof WechatPayApiError) call.code = a.error.code;
  try {
    options.onCall(call);
  } catch {
    // An observer must never change the outcome of a payment call.
  }
}
