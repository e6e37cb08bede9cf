import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { verifyRequest } from "./auth";
import { Clock } from "./clock";
import type { SimContext, SimOptions } from "./context";
import { loadOrCreateIdentity, writeMerchantFile } from "./crypto/keys";
import { Faults, type FaultPlan } from "./faults";
import { WxError, errorResponse, readBody, type SimResponse } from "./http";
import { Notifier } from "./notifier";
import { routes } from "./routes";
import type { RouteRequest } from "./routes/types";
import { PlatformCertificates } from "./platform-certificates";
import { PlatformSigner, type SigningMode } from "./signer";
import { Store } from "./store";

export interface StartOptions extends Partial<SimOptions> {
  signingMode?: SigningMode;
}

export interface RunningSimulator {
  url: string;
  port: number;
  dataDir: string;
  merchantFile: string;
  context: SimContext;
  close(): Promise<void>;
}

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
};

/** reordered-json: same meaning, other bytes (keys reversed, indented), validly signed. */
function tamperBody(kind: string | undefined, body: SimResponse["body"]): SimResponse["body"] {
  if (kind !== "reordered-json" || typeof body !== "string" || body === "") return body;
  const reverse = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reverse)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverse(x)]),
          )
        : v;
  return JSON.stringify(reverse(JSON.parse(body)), null, 2);
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** Host header names the simulator answers to: a DNS-rebinding page (evil.example → 127.0.0.1) sends its own. */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

// The shopper's forms: only the simulator's own pages may post them.
const SHOPPER_POSTS = /^\/(?:scan|h5pay)$/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function write(res: ServerResponse, r: SimResponse, extra: Record<string, string>): void {
  const body = r.body ?? "";
  res.writeHead(r.status, { ...extra, ...r.headers, "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Starts the simulator; resolves once it listens (port 0 = ephemeral). */
export async function startSimulator(input: StartOptions = {}): Promise<RunningSimulator> {
  const options: SimOptions = {
    port: input.port ?? 3100,
    host: input.host ?? "127.0.0.1",
    dataDir: path.resolve(input.dataDir ?? ".data/simulator"),
    timeScale: input.timeScale ?? 1,
    refundDelayMs: input.refundDelayMs ?? 2000,
    notifyTimeoutMs: input.notifyTimeoutMs ?? 5000,
    faultTimeoutMs: input.faultTimeoutMs ?? 30_000,
    log: input.log ?? false,
  };
  const identity = loadOrCreateIdentity(options.dataDir);
  const clock = new Clock();
  const certificates = new PlatformCertificates(identity, clock);
  const signer = new PlatformSigner(identity, certificates, input.signingMode ?? "public-key");
  let baseUrl = "";
  const ctx: SimContext = {
    options,
    identity,
    store: new Store(),
    clock,
    certificates,
    signer,
    faults: new Faults(),
    notifier: new Notifier({
      signer,
      apiV3Key: identity.merchant.apiV3Key,
      timeScale: options.timeScale,
      timeoutMs: options.notifyTimeoutMs,
      now: () => clock.now(),
    }),
    baseUrl: () => baseUrl,
    jsapi: { failNext: 0 },
    timers: new Set(),
  };
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().replace(/-/g, "").toUpperCase();
    const base = { "Request-ID": requestId };
    const method = req.method ?? "GET";
    const pathWithQuery = req.url ?? "/";
    const url = new URL(`${baseUrl}${pathWithQuery.startsWith("/") ? "" : "/"}${pathWithQuery}`);
    const isControl = url.pathname.startsWith("/_sim/");
    const origin = req.headers.origin;
    // The shim's endpoints serve any page; the rest of the control API only loopback pages
    // (so a web site open in the same browser can't mark orders paid or read the demo keys).
    const shimRoute = /^\/_sim\/(?:jsapi\/|jsbridge\.js$)/.test(url.pathname);
    const cors = shimRoute
      ? CORS
      : origin && isLoopbackOrigin(origin)
        ? { ...CORS, "Access-Control-Allow-Origin": origin, Vary: "Origin" }
        : undefined;
    const extra = isControl && cors ? { ...base, ...cors } : base;
    // Signed v3 API calls prove themselves; everything a browser reaches must be addressed to
    // a loopback name (DNS rebinding) and, for the pay forms, come from the simulator's own page.
    if (!url.pathname.startsWith("/v3/") && !isLoopbackHost(req.headers.host)) {
      return write(
        res,
        errorResponse(
          new WxError(403, "FORBIDDEN", "the simulator answers only to Host 127.0.0.1 / localhost / [::1]"),
        ),
        base,
      );
    }
    if (
      method === "POST" &&
      SHOPPER_POSTS.test(url.pathname) &&
      origin !== undefined &&
      origin !== `http://${req.headers.host}`
    ) {
      return write(
        res,
        errorResponse(new WxError(403, "FORBIDDEN", "payment forms are accepted only from the simulator's own pages")),
        base,
      );
    }
    if (isControl && !shimRoute && origin && !isLoopbackOrigin(origin)) {
      return write(
        res,
        errorResponse(new WxError(403, "FORBIDDEN", "the control API answers only pages on 127.0.0.1 / localhost")),
        base,
      );
    }
    if (method === "OPTIONS") return write(res, { status: 204 }, extra);
    let params: string[] = [];
    const route = routes.find((r) => {
      if (r.method !== method) return false;
      const m = r.pattern.exec(url.pathname);
      if (m) params = m.slice(1);
      return m !== null;
    });
    if (!route) {
      const known = routes.some((r) => r.pattern.test(url.pathname));
      return write(
        res,
        errorResponse(
          new WxError(
            known ? 405 : 404,
            known ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
            known ? "method not allowed" : "no such endpoint",
          ),
        ),
        extra,
      );
    }
    const plan: FaultPlan = route.endpoint ? ctx.faults.plan(route.endpoint) : { latencyMs: 0 };
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    const failure = plan.failure;
    if (failure && failure.phase === "before" && applyFailure(failure, req, res, extra)) return;
    let response: SimResponse;
    try {
      const body = await readBody(req);
      const r: RouteRequest = { ctx, method, url, pathWithQuery, params, body, headers: req.headers, mchid: "" };
      if (route.endpoint && route.auth !== false) {
        r.mchid = verifyRequest(identity, { method, pathWithQuery, body, authorization: req.headers.authorization });
      }
      response = await route.handle(r);
    } catch (e) {
      if (e instanceof WxError) response = errorResponse(e);
      else {
        if (options.log) console.error(e);
        response = errorResponse(new WxError(500, "SYSTEM_ERROR", "系统错误 (simulator internal error)"));
      }
    }
    if (failure && failure.phase === "after" && applyFailure(failure, req, res, extra)) return;
    const headers: Record<string, string> = { ...extra };
    if (response.sign && response.status >= 200 && response.status < 300) {
      response = { ...response, body: tamperBody(plan.tamper, response.body) };
      const raw = typeof response.body === "string" ? response.body : (response.body ?? "").toString("utf8");
      const key = signer.preferred(req.headers["wechatpay-serial"]);
      if (plan.tamper === "stale-timestamp")
        Object.assign(headers, signer.headers(raw, { key, timestamp: Math.floor(Date.now() / 1000) - 3600 }));
      else if (plan.tamper === "bad-signature") Object.assign(headers, signer.headers(`${raw} `, { key }));
      else if (plan.tamper !== "unsigned") Object.assign(headers, signer.headers(raw, { key }));
    }
    if (options.log) console.log(`${method} ${pathWithQuery} -> ${response.status}`);
    write(res, response, headers);
  }

  /** Applies a failure fault; true when the response was taken over. */
  function applyFailure(
    failure: NonNullable<FaultPlan["failure"]>,
    req: IncomingMessage,
    res: ServerResponse,
    extra: Record<string, string>,
  ): boolean {
    const kind = failure.kind;
    if (kind === "refuse") {
      const status = failure.status ?? 400;
      write(
        res,
        errorResponse(new WxError(status, failure.code ?? "INVALID_REQUEST", "请求被拒绝 (simulated refusal)")),
        extra,
      );
      return true;
    }
    if (kind === "error500") {
      write(res, errorResponse(new WxError(500, "SYSTEM_ERROR", "系统繁忙，请稍后重试 (simulated fault)")), extra);
      return true;
    }
    if (kind === "error429") {
      write(res, errorResponse(new WxError(429, "FREQUENCY_LIMITED", "频率超限 (simulated fault)")), extra);
      return true;
    }
    if (kind === "drop") {
      req.socket.destroy();
      return true;
    }
    if (kind === "timeout") {
      const t = setTimeout(() => req.socket.destroy(), options.faultTimeoutMs);
      req.socket.once("close", () => clearTimeout(t));
      return true;
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (options.log) console.error(e);
      if (!res.headersSent) write(res, errorResponse(new WxError(500, "SYSTEM_ERROR", "simulator error")), {});
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${options.host}:${port}`;
  const merchantFile = writeMerchantFile(options.dataDir, identity, baseUrl);
  return {
    url: baseUrl,
    port,
    dataDir: options.dataDir,
    merchantFile,
    context: ctx,
    close: async () => {
      ctx.notifier.close();
      for (const t of ctx.timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
