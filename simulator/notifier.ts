import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { aesGcmEncrypt } from "./crypto/aes-gcm";
import { nonce } from "./crypto/nonce";
import { rfc3339Beijing } from "./clock";
import type { PlatformSigner } from "./signer";

/** WeChat Pay's retry schedule after a failed delivery, in seconds (24h4m in all). */
export const RETRY_SCHEDULE_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

type Variant = "normal" | "retry" | "resend" | "duplicate" | "stale-timestamp" | "reordered" | "signtest";

export interface Attempt {
  seq: number;
  variant: Variant;
  at: string;
  status?: number;
  error?: string;
  durationMs: number;
  response?: string;
  /** For probes (signtest, stale-timestamp): the merchant must reject; ok = it did. */
  expect: "accept" | "reject";
  ok: boolean;
}

export interface Notification {
  id: string;
  event_type: string;
  url: string;
  out_trade_no: string;
  out_refund_no?: string;
  body: string;
  /** The same envelope with fields reordered and indented (same meaning, different bytes). */
  reorderedBody: string;
  created_at: string;
  status: "held" | "pending" | "delivered" | "failed";
  attempts: Attempt[];
  next_attempt_at?: string;
}

interface NotifierOptions {
  signer: PlatformSigner;
  apiV3Key: string;
  timeScale: number;
  timeoutMs: number;
  now: () => number;
}

function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reorder(v)]),
    );
  }
  return value;
}

export class Notifier {
  private readonly list: Notification[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private holding = false;
  private closed = false;
  private seq = 0;

  constructor(private readonly opts: NotifierOptions) {}

  all(): Notification[] {
    return this.list;
  }

  get held(): boolean {
    return this.holding;
  }

  /** Finds by notification id, else the latest for an out_trade_no / out_refund_no. */
  find(ref: string): Notification | undefined {
    const byId = this.list.find((n) => n.id === ref);
    if (byId) return byId;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const n = this.list[i]!;
      if (n.out_refund_no === ref || (n.out_refund_no === undefined && n.out_trade_no === ref)) return n;
    }
    return undefined;
  }

  /** Encrypts the resource, builds the real envelope and starts delivery (or holds it). */
  send(
    input: {
      eventType: string;
      summary: string;
      originalType: "transaction" | "refund";
      resource: object;
      url: string;
      out_trade_no: string;
      out_refund_no?: string;
    },
    start = true,
  ): Notification {
    const iv = nonce(12);
    const envelope = {
      id: randomUUID(),
      create_time: rfc3339Beijing(this.opts.now()),
      resource_type: "encrypt-resource",
      event_type: input.eventType,
      summary: input.summary,
      resource: {
        original_type: input.originalType,
        algorithm: "AEAD_AES_256_GCM",
        ciphertext: aesGcmEncrypt(JSON.stringify(input.resource), this.opts.apiV3Key, iv, input.originalType),
        associated_data: input.originalType,
        nonce: iv,
      },
    };
    const n: Notification = {
      id: envelope.id,
      event_type: input.eventType,
      url: input.url,
      out_trade_no: input.out_trade_no,
      out_refund_no: input.out_refund_no,
      body: JSON.stringify(envelope),
      reorderedBody: JSON.stringify(reorder(envelope), null, 2),
      created_at: envelope.create_time,
      status: start && this.holding ? "held" : "pending",
      attempts: [],
    };
    this.list.push(n);
    if (start && !this.holding) void this.chain(n, 0);
    return n;
  }

  hold(): void {
    this.holding = true;
  }

  /** Stops holding; delivers held notifications one after another, newest first when reverse. */
  async release(reverse = true): Promise<Notification[]> {
    this.holding = false;
    const held = this.list.filter((n) => n.status === "held");
    if (reverse) held.reverse();
    for (const n of held) {
      n.status = "pending";
      await this.chain(n, 0);
    }
    return held;
  }

  /** One delivery attempt, then the retry schedule on failure. */
  private async chain(n: Notification, retryIndex: number): Promise<void> {
    if (this.closed) return;
    const attempt = await this.attempt(n, retryIndex === 0 ? "normal" : "retry");
    if (attempt.ok) {
      n.status = "delivered";
      n.next_attempt_at = undefined;
      return;
    }
    const delay = RETRY_SCHEDULE_SECONDS[retryIndex];
    if (delay === undefined || this.closed) {
      n.status = n.status === "delivered" ? "delivered" : "failed";
      n.next_attempt_at = undefined;
      return;
    }
    const ms = delay * 1000 * this.opts.timeScale;
    n.next_attempt_at = new Date(Date.now() + ms).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (n.status !== "delivered") void this.chain(n, retryIndex + 1);
    }, ms);
    this.timers.add(timer);
  }

  /** Extra deliveries on demand: resend, duplicates, probes. Resolves when all answered. */
  async deliver(n: Notification, variant: Exclude<Variant, "normal" | "retry">, count = 1): Promise<Attempt[]> {
    const attempts = await Promise.all(Array.from({ length: count }, () => this.attempt(n, variant)));
    if (variant !== "signtest" && variant !== "stale-timestamp" && attempts.some((a) => a.ok)) n.status = "delivered";
    return attempts;
  }

  /** A SIGNTEST probe to any URL (no notification needed): a valid envelope, a probe signature. */
  async probe(url: string): Promise<Attempt> {
    const n = this.send(
      {
        eventType: "TRANSACTION.SUCCESS",
        summary: "支付成功",
        originalType: "transaction",
        resource: { probe: true },
        url,
        out_trade_no: "SIGNTEST",
      },
      false,
    );
    const [a] = await this.deliver(n, "signtest");
    return a!;
  }

  private async attempt(n: Notification, variant: Variant): Promise<Attempt> {
    const body = variant === "reordered" ? n.reorderedBody : n.body;
    const nowSec = Math.floor(Date.now() / 1000);
    const headers =
      variant === "signtest"
        ? this.opts.signer.headers(body, { signature: `WECHATPAY/SIGNTEST/${randomBytes(192).toString("base64")}` })
        : this.opts.signer.headers(body, { timestamp: variant === "stale-timestamp" ? nowSec - 3600 : nowSec });
    const expect = variant === "signtest" || variant === "stale-timestamp" ? "reject" : "accept";
    const started = Date.now();
    const attempt: Attempt = {
      seq: ++this.seq,
      variant,
      at: new Date(started).toISOString(),
      durationMs: 0,
      expect,
      ok: false,
    };
    n.attempts.push(attempt);
    try {
      const res = await post(n.url, body, headers, this.opts.timeoutMs);
      attempt.status = res.status;
      attempt.response = res.body.slice(0, 300);
      const accepted = res.status >= 200 && res.status < 300;
      attempt.ok = expect === "accept" ? accepted : !accepted;
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
      attempt.ok = false;
    }
    attempt.durationMs = Date.now() - started;
    return attempt;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(
      u,
      {
        method: "POST",
        agent: false,
        headers: {
          ...headers,
          "Content-Type": "application/json",
          "Content-Length": String(Buffer.byteLength(body)),
          "User-Agent": "Mozilla/4.0 (WeChat Pay simulator)",
          Accept: "*/*",
          "Request-ID": randomUUID(),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
