import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { addressAllowed, guardedLookup, type AddressPolicy, type ResolveAll } from "./guarded-lookup";
import { utf8Prefix } from "./utf8-prefix";
import { ForbiddenAddressError, WebhookTimeoutError, WebhookUrlError } from "./webhook-errors";

// One webhook POST on node:http(s): global fetch cannot check the address it connects to, and
// follows redirects unless told otherwise per call. Nothing here throws: every outcome is an
// attempt to record.

export const WEBHOOK_TIMEOUT_MS = 10_000;
const ANSWER_PREFIX_BYTES = 1024;

export interface PostResult {
  /** The answer's status; absent when none came (refused, DNS, forbidden address, timeout). */
  statusCode?: number;
  /** Until the answer's headers arrived, or until the attempt failed. */
  latencyMs: number;
  /** The first ≤ 1 KB of the answer as UTF-8. */
  body?: string;
  error?: string;
}

interface PostOptions extends AddressPolicy {
  /** Connect + answer, in total (10 s; tests shorten it). */
  timeoutMs?: number;
  /** Tests: a resolver standing in for DNS. Such requests get their own, unpooled connection. */
  resolveAll?: ResolveAll;
}

export type PostWebhook = (url: string, headers: Record<string, string>, body: string) => Promise<PostResult>;

// Keep-alive agents, one pair per address policy: a socket opened under a laxer policy must never
// serve a stricter one. 200 events/s to one receiver then reuse a few connections instead of
// opening 200 a second. `timeout` closes idle pooled sockets before the common 5 s server
// keep-alive does, which would otherwise race our next request on a half-closed socket.
const agents = new Map<string, { http: http.Agent; https: https.Agent }>();
function agentsFor(p: AddressPolicy) {
  const key = `${p.allowPrivate}/${p.allowLoopback}`;
  let a = agents.get(key);
  if (!a) {
    const o = { keepAlive: true, maxSockets: 32, maxFreeSockets: 32, timeout: 4000, scheduling: "lifo" as const };
    a = { http: new http.Agent(o), https: new https.Agent(o) };
    agents.set(key, a);
  }
  return a;
}

const errorText = (err: unknown) => {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
};

/** What a checked URL gives http.request: its parts, so Node need not take a URL apart per POST. */
interface Target {
  https: boolean;
  options: { protocol: string; hostname: string; port: string; path: string };
}

/** Only http(s); plain http only where private addresses or loopback are allowed (demo, tests). */
function checkUrl(raw: string, p: AddressPolicy): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError("not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError("only http(s) URLs");
  if (url.protocol === "http:" && !p.allowPrivate && !p.allowLoopback) throw new WebhookUrlError("https required");
  if (url.username || url.password) throw new WebhookUrlError("credentials in the URL are not sent");
  // An IP literal never goes through `lookup`: check it here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !addressAllowed(host, p)) throw new ForbiddenAddressError(host);
  return {
    https: url.protocol === "https:",
    options: { protocol: url.protocol, hostname: host, port: url.port, path: `${url.pathname}${url.search}` },
  };
}

// An endpoint's URL is checked the same way every time under one policy (a name's addresses are
// checked at connect time, by guardedLookup), so the verdict is kept per URL: parsing it and an
// IP literal's BlockList check were ~40 µs of each POST, a tenth of a delivery's CPU.
const MAX_CACHED_URLS = 1000;

function checkedUrls(p: AddressPolicy): (raw: string) => Target {
  const cache = new Map<string, Target | Error>();
  return (raw) => {
    let t = cache.get(raw);
    if (t === undefined) {
      try {
        t = checkUrl(raw, p);
      } catch (err) {
        t = err instanceof Error ? err : new Error(String(err));
      }
      if (cache.size >= MAX_CACHED_URLS) cache.clear();
      cache.set(raw, t);
    }
    if (t instanceof Error) throw t;
    return t;
  };
}

export function createPostWebhook(opts: PostOptions): PostWebhook {
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const lookup = guardedLookup(opts, opts.resolveAll);
  const check = checkedUrls(opts);
  return async (rawUrl, headers, body) => {
    const started = performance.now();
    let url: Target;
    try {
      url = check(rawUrl);
    } catch (err) {
      return { latencyMs: 0, error: errorText(err) };
    }
    const deadline = started + timeoutMs;
    const first = await once(url, headers, body, lookup, opts, deadline, started);
    // A pooled socket the receiver closed while idle fails at once with ECONNRESET/EPIPE before
    // any answer: the request never arrived, so one retry on a fresh socket is safe (Node's docs
    // recommend exactly this for keep-alive clients).
    if (first.retryable && performance.now() < deadline) {
      return (await once(url, headers, body, lookup, opts, deadline, started)).result;
    }
    return first.result;
  };
}

function once(
  url: Target,
  headers: Record<string, string>,
  body: string,
  lookup: ReturnType<typeof guardedLookup>,
  opts: PostOptions,
  deadline: number,
  started: number,
): Promise<{ result: PostResult; retryable: boolean }> {
  return new Promise((resolve) => {
    const elapsed = () => Math.round(performance.now() - started);
    const payload = Buffer.from(body, "utf8");
    const https_ = url.https;
    const agent = opts.resolveAll ? false : https_ ? agentsFor(opts).https : agentsFor(opts).http;
    let settled = false;
    let statusCode: number | undefined;
    let latencyMs = 0;
    const chunks: Buffer[] = [];
    let size = 0;

    const finish = (r: PostResult, retryable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ result: r, retryable });
    };
    const answered = (error?: string) =>
      finish({
        statusCode,
        latencyMs,
        body: utf8Prefix(Buffer.concat(chunks), ANSWER_PREFIX_BYTES),
        error: error ?? (statusCode! >= 300 && statusCode! < 400 ? "redirect not followed" : undefined),
      });

    const req = (https_ ? https : http).request({
      ...url.options,
      method: "POST",
      agent,
      lookup,
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(payload.length),
        "user-agent": "wxpay-checkout-webhooks/1",
      },
    });
    const timer = setTimeout(
      () => {
        if (statusCode !== undefined) {
          // The status came in time; a slow body only shortens what we keep of it.
          answered();
          req.destroy();
        } else {
          const err = new WebhookTimeoutError(Math.round(deadline - started));
          finish({ latencyMs: elapsed(), error: err.message });
          req.destroy(err);
        }
      },
      Math.max(0, deadline - performance.now()),
    );
    req.on("response", (res) => {
      statusCode = res.statusCode;
      latencyMs = elapsed();
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // One byte past the limit tells utf8Prefix whether the cut split a character.
        if (size > ANSWER_PREFIX_BYTES) {
          answered();
          res.destroy(); // the rest is not wanted: drop the socket rather than drain it
        }
      });
      res.on("end", () => answered());
      res.on("error", () => answered());
      res.on("close", () => answered());
    });
    req.on("error", (err) => {
      if (statusCode !== undefined) return answered();
      const code = (err as NodeJS.ErrnoException).code;
      finish(
        { latencyMs: elapsed(), error: errorText(err) },
        req.reusedSocket && (code === "ECONNRESET" || code === "EPIPE"),
      );
    });
    req.end(payload);
  });
}
