// HEAVY (≈15–25 s): two `next start` instances of the production build on PostgreSQL (demo
// merchant at an in-process simulator). A: public URL http://127.0.0.1, TRUST_PROXY_HOPS=0.
// B: public URL https://checkout.example.test (behind a TLS proxy), TRUST_PROXY_HOPS=1.
// Proves: security headers on every page and route found by walking app/, a nonce on every
// script, HSTS and Secure cookies only with https; X-Forwarded-For cannot dodge a rate limit with
// 0 hops and only its right-most entry counts with 1; Origin: null is a 403; a bad Referer on
// the language toggle is a 400; disabling, demoting or "sign out everywhere" ends a session at
// its next request and the last admin stays; every route handler (walked) answers signed out, as
// VIEWER, with a foreign Origin, a text/plain body and 100 KB of JSON as its guard says; sign-in
// waits grow per email and client (shown on the page) without locking the owner out; 40
// simultaneous active queries of one payment make one WeChat Pay query; the console's live/test
// switch in demo mode (test only) and "delete all test data" (ADMIN, same-origin).
// Skips without PostgreSQL or without a build (fails under CI=true).
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { postgresReachable, startNotifyCluster, type NotifyCluster } from "@/scripts/notify-cluster";
import { newApiKeySchema, createApiKey } from "@/lib/api-keys/manage-api-keys";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { routeHandlers, walkAppRoutes, type RouteHandler } from "./app-routes";

const PUBLIC_HTTPS = "https://checkout.example.test";
const ADMIN = { email: "sec-admin@example.test", password: "sec-admin-password" };
const OTHER_ADMIN = "sec-other@example.test"; // same password
const VIEWER = "sec-viewer@example.test"; // same password
let plain: NotifyCluster | null = null;
let proxied: NotifyCluster | null = null;

beforeAll(async () => {
  const ready = (await postgresReachable()) && existsSync(".next/BUILD_ID");
  if (!ready) {
    if (process.env.CI === "true") throw new Error("PostgreSQL and a production build are required under CI");
    return;
  }
  const env = { WORKER_DISABLED: "1" };
  [plain, proxied] = await Promise.all([
    startNotifyCluster({ instances: 1, mode: "next", env: { ...env, TRUST_PROXY_HOPS: "0" } }),
    startNotifyCluster({
      instances: 1,
      mode: "next",
      env: { ...env, TRUST_PROXY_HOPS: "1", NEXTAUTH_URL: PUBLIC_HTTPS },
    }),
  ]);
  const passwordHash = await hashPassword(ADMIN.password); // ≈0.5 s each: one for every user here
  for (const c of [plain, proxied])
    await c.db.adminUser.create({ data: { email: ADMIN.email, name: "Sec", role: "ADMIN", passwordHash } });
  await plain.db.adminUser.create({ data: { email: OTHER_ADMIN, name: "Other", role: "ADMIN", passwordHash } });
  await proxied.db.adminUser.create({ data: { email: VIEWER, name: "Viewer", role: "VIEWER", passwordHash } });
}, 90_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), proxied?.stop()]);
}, 30_000);

const readFile = (file: string) => readFileSync(file, "utf8");
const cookiePairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** next-auth credentials sign-in as a browser does it; returns the Cookie header and the raw Set-Cookie lines. */
async function signIn(base: string, email: string, password: string, xff?: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiePairs(csrf);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: jar.join("; "),
      ...(xff ? { "X-Forwarded-For": xff } : {}),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const body = (await res.json()) as { url: string };
  return { cookie: [...jar, ...cookiePairs(res)].join("; "), setCookie: res.headers.getSetCookie(), url: body.url };
}

function expectSecurityHeaders(res: Response, where: string, https: boolean) {
  const h = (n: string) => res.headers.get(n) ?? "";
  const csp = h("content-security-policy");
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("object-src 'none'");
  expect(csp, where).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:\d+/); // + the simulator (demo mode)
  expect(csp, where).not.toContain("unsafe-eval");
  expect(h("x-content-type-options"), where).toBe("nosniff");
  expect(h("referrer-policy"), where).toBe("strict-origin-when-cross-origin");
  expect(h("permissions-policy"), where).toContain("camera=()");
  expect(h("x-frame-options"), where).toBe("DENY");
  if (https) {
    expect(h("strict-transport-security"), where).toMatch(/^max-age=\d{8,}/);
    expect(csp, where).toContain("upgrade-insecure-requests");
  } else {
    expect(res.headers.has("strict-transport-security"), where).toBe(false);
    expect(csp, where).not.toContain("upgrade-insecure-requests");
  }
}

/**
 * WeChat Pay's notify routes (live, test mode) and Checkout Session creation: server to server,
 * skipped by proxy.ts, a fixed policy from next.config.js.
 */
const NOTIFY = "/api/v1/payments/wechat/notify";
const NOTIFY_ROUTES = [NOTIFY, `${NOTIFY}/test`, "/api/v1/checkout/sessions"];
function expectNotifyHeaders(res: Response, where: string) {
  const h = (n: string) => res.headers.get(n) ?? "";
  expect(h("content-security-policy"), where).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  expect(h("x-content-type-options"), where).toBe("nosniff");
  expect(h("x-frame-options"), where).toBe("DENY");
  expect(h("referrer-policy"), where).toBe("strict-origin-when-cross-origin");
  expect(h("permissions-policy"), where).toContain("camera=()");
}

describe("security headers", () => {
  const routes = walkAppRoutes();

  it("the walk of app/ finds the pages and routes (a new one is covered without a new row)", () => {
    expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(15);
    expect(routes.filter((r) => r.kind === "route").length).toBeGreaterThanOrEqual(35);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(["/", "/docs/api", "/api/v1/orders"]));
  });

  it("are on every page and route, whatever the status, and a 404", async (ctx) => {
    if (!plain) return ctx.skip();
    const base = plain.urls[0]!;
    const statuses: string[] = [];
    for (const r of [...routes, { path: "/api/v1/no-such-route", kind: "route" }, { path: "/no-such-page" }]) {
      const res = await fetch(`${base}${r.path}`, { redirect: "manual" });
      await res.arrayBuffer();
      statuses.push(`${res.status} ${r.path}`);
      if (NOTIFY_ROUTES.includes(r.path)) expectNotifyHeaders(res, `GET ${r.path} → ${res.status}`);
      else expectSecurityHeaders(res, `GET ${r.path} → ${res.status}`, false);
    }
    // Not all of them error out: the walk reached real handlers.
    expect(statuses.filter((s) => s.startsWith("200 ")).length).toBeGreaterThanOrEqual(8);
    const post = await fetch(`${base}/api/v1/payments/wechat/notify`, { method: "POST", body: "{}" });
    expect(post.status).toBe(401);
    expectNotifyHeaders(post, "POST notify");
    expect(post.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._-]{8,64}$/); // the route sets it without the proxy
    const create = await fetch(`${base}/api/v1/checkout/sessions`, { method: "POST", body: "{}" });
    expect(create.status).toBe(401);
    expectNotifyHeaders(create, "POST checkout/sessions");
    expect(create.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
    // Its sub-routes keep the proxy's full policy.
    const read = await fetch(`${base}/api/v1/checkout/sessions/cs_x`);
    await read.arrayBuffer();
    expectSecurityHeaders(read, "GET checkout/sessions/cs_x", false);
  }, 60_000);

  it("put this request's nonce on every script of a page, a fresh one each time", async (ctx) => {
    if (!plain) return ctx.skip();
    const seen = new Set<string>();
    for (const p of ["/", "/admin/sign-in", "/cart", "/docs/api"]) {
      const res = await fetch(`${plain.urls[0]}${p}`);
      expect(res.status, p).toBe(200);
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1]!;
      expect(seen.has(nonce), "nonce reused").toBe(false);
      seen.add(nonce);
      const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, p).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `${p}: ${tag}`).toContain(`nonce="${nonce}"`);
    }
  });

  it("with an https public URL: HSTS, upgrade-insecure-requests and Secure session cookies", async (ctx) => {
    if (!plain || !proxied) return ctx.skip();
    for (const p of ["/", "/api/health", "/docs/api"]) {
      const res = await fetch(`${proxied.urls[0]}${p}`);
      expectSecurityHeaders(res, `https ${p}`, true);
    }
    const secure = await signIn(proxied.urls[0]!, ADMIN.email, ADMIN.password);
    const session = secure.setCookie.find((c) => /session-token=/.test(c));
    expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(session).toMatch(/;\s*Secure/i);
    const http = await signIn(plain.urls[0]!, ADMIN.email, ADMIN.password);
    const httpSession = http.setCookie.find((c) => /session-token=/.test(c));
    expect(httpSession).toMatch(/^next-auth\.session-token=/);
    expect(httpSession).not.toMatch(/;\s*Secure/i);
  });
});

describe("client address and rate limits", () => {
  // Order creation allows 60 per client per minute; the limiter runs before the body is read,
  // so `{}` (a 400) counts as an attempt and nothing is written.
  const attempt = (base: string, xff?: string) =>
    fetch(`${base}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(xff ? { "X-Forwarded-For": xff } : {}) },
      body: "{}",
    }).then((r) => r.status);

  it("TRUST_PROXY_HOPS=0: a new X-Forwarded-For on every request does not reset the limit", async (ctx) => {
    if (!plain) return ctx.skip();
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push(await attempt(plain.urls[0]!, `198.51.100.${i}, 203.0.113.${i}`));
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    expect(await attempt(plain.urls[0]!)).toBe(429); // and the same client without the header
  }, 30_000);

  it("TRUST_PROXY_HOPS=1: the right-most hop is the client; what the client put left of it is ignored", async (ctx) => {
    if (!proxied) return ctx.skip();
    const base = proxied.urls[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push(await attempt(base, `10.9.9.${i}, 192.0.2.10`));
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect(await attempt(base, "10.9.9.1, 192.0.2.11")).toBe(400);
  }, 30_000);

  it("the audit log records the client address the same way", async (ctx) => {
    if (!plain || !proxied) return ctx.skip();
    const s = await signIn(proxied.urls[0]!, "nobody@example.test", "wrong-password", "6.6.6.6, 192.0.2.77");
    expect(s.url).toContain("error=CredentialsSignin");
    const row = await proxied.db.auditLog.findFirst({
      where: { action: "SIGN_IN_FAILED", actorEmail: "nobody@example.test" },
    });
    expect(row?.ip).toBe("192.0.2.77");
    await signIn(plain.urls[0]!, "nobody@example.test", "wrong-password", "6.6.6.6");
    const direct = await plain.db.auditLog.findFirst({
      where: { action: "SIGN_IN_FAILED", actorEmail: "nobody@example.test" },
    });
    expect(direct?.ip).toBe("127.0.0.1");
  });
});

describe("small ones", () => {
  it("Origin: null on an admin POST is a 403, not a 500", async (ctx) => {
    if (!plain) return ctx.skip();
    const base = plain.urls[0]!;
    const { cookie } = await signIn(base, ADMIN.email, ADMIN.password);
    const post = (origin: string) =>
      fetch(`${base}/api/v1/admin/users`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
        body: JSON.stringify({ email: "viewer@example.test", name: "V", password: "viewer-password-1" }),
      });
    const nul = await post("null");
    expect(nul.status).toBe(403);
    expect(((await nul.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await post("https://evil.example")).status).toBe(403);
    expect(await plain.db.adminUser.count({ where: { email: "viewer@example.test" } })).toBe(0);
  });

  it("the language toggle: a bad Referer is a 400, a path that leaves the site is never a Location", async (ctx) => {
    if (!plain) return ctx.skip();
    const base = plain.urls[0]!;
    const host = new URL(base).host;
    const toggle = (referer?: string) =>
      fetch(`${base}/api/v1/locale`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(referer ? { Referer: referer } : {}) },
        body: "lang=en",
      });
    const ok = await toggle(`http://${host}/cart?x=1`);
    expect([ok.status, ok.headers.get("location")]).toEqual([303, "/cart?x=1"]);
    expect((await toggle()).headers.get("location")).toBe("/");
    expect((await toggle("https://evil.example/x")).headers.get("location")).toBe("/");
    for (const bad of ["not a url", `http://${host}//evil.example/x`, "javascript:alert(1)"]) {
      const res = await toggle(bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("location"), bad).toBeNull();
    }
    const notAForm = await fetch(`${base}/api/v1/locale`, { method: "POST", body: "{}" });
    expect(notAForm.status).toBe(400);
  });
});

describe("test mode in the console", () => {
  it("demo mode's console is the test view only, and only an admin on this site deletes test data", async (ctx) => {
    if (!plain) return ctx.skip();
    const base = plain.urls[0]!;
    const db = plain.db;
    const order = (livemode: boolean, orderNo: string) =>
      db.order.create({
        data: {
          livemode,
          orderNo,
          totalFen: 100,
          description: "x",
          payments: {
            create: {
              livemode,
              outTradeNo: `OTN${orderNo.replace(/\W/g, "")}`,
              channel: "NATIVE",
              amountFen: 100,
              mchid: "1",
              appid: "a",
              expiresAt: new Date(Date.now() + 3600_000),
            },
          },
        },
      });
    // A live row in a demo deployment's database: it must never show, nor be deleted.
    const [test, live] = [await order(false, "20261202-TESTROW1"), await order(true, "20261202-LIVEROW1")];
    await db.adminUser.create({
      data: { email: "ro@example.test", role: "VIEWER", passwordHash: await hashPassword("viewer-password-1") },
    });
    const { cookie } = await signIn(base, ADMIN.email, ADMIN.password);
    const viewer = (await signIn(base, "ro@example.test", "viewer-password-1")).cookie;
    const origin = base;

    const page = await (await fetch(`${base}/admin`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('data-testid="test-bar"');
    expect(page).toContain('data-testid="mode-fixed"'); // shown, not switchable
    expect(page).not.toContain('data-testid="mode-switch"');
    expect(page).toContain('data-testid="delete-test-data"');

    const setMode = (mode: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/v1/admin/mode`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...headers },
        body: new URLSearchParams({ mode }),
      });
    const toTest = await setMode("test", { Cookie: cookie, Referer: `${base}/admin/orders?status=PAID` });
    expect([toTest.status, toTest.headers.get("location")]).toEqual([303, "/admin/orders?status=PAID"]);
    expect(toTest.headers.getSetCookie().join()).toMatch(/admin_mode=test; .*HttpOnly/i);
    const toLive = await setMode("live", { Cookie: cookie });
    expect([toLive.status, ((await toLive.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      "MODE_UNAVAILABLE",
    ]);
    expect((await setMode("prod", { Cookie: cookie })).status).toBe(400);
    expect((await setMode("test")).status).toBe(401);
    expect((await setMode("test", { Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);

    // A forged live cookie cannot open a view this deployment does not run; ?mode=live is a 400.
    const orders = async (query: string, extra = "") => {
      const res = await fetch(`${base}/api/v1/admin/orders${query}`, { headers: { Cookie: cookie + extra } });
      return { status: res.status, body: (await res.json()) as { livemode: boolean; rows: { orderNo: string }[] } };
    };
    const listed = await orders("?q=20261202-", "; admin_mode=live");
    expect([listed.body.livemode, listed.body.rows.map((r) => r.orderNo)]).toEqual([false, [test.orderNo]]);
    expect((await orders("?mode=live")).status).toBe(400);

    const wipe = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/admin/test-data`, { method: "DELETE", headers: { Origin: origin, ...headers } });
    expect((await wipe({})).status).toBe(401);
    expect((await wipe({ Cookie: viewer })).status).toBe(403);
    expect((await wipe({ Cookie: cookie, Origin: "https://evil.example" })).status).toBe(403);
    expect(await db.order.count({ where: { id: test.id } })).toBe(1); // refused: nothing deleted

    const done = await wipe({ Cookie: cookie });
    expect(done.status).toBe(200);
    const { deleted } = (await done.json()) as { deleted: { orders: number; payments: number } };
    expect(deleted.orders).toBeGreaterThanOrEqual(1);
    expect(await db.order.count({ where: { livemode: false } })).toBe(0);
    expect(await db.order.findUnique({ where: { id: live.id }, include: { payments: true } })).toMatchObject({
      livemode: true,
      payments: [{ livemode: true }],
    });
    const audit = await db.auditLog.findFirst({ where: { action: "TEST_DATA_DELETED" } });
    expect(audit).toMatchObject({ actorEmail: ADMIN.email, targetType: "test_data", detail: deleted });
  });
});

describe("sessions and users", () => {
  it("disabling or demoting a user, or sign out everywhere, ends their sessions at the next request", async (ctx) => {
    if (!plain) return ctx.skip();
    const base = plain.urls[0]!;
    const db = plain.db;
    const boss = await signIn(base, ADMIN.email, ADMIN.password);
    let other = await signIn(base, OTHER_ADMIN, ADMIN.password);
    const { id: otherId } = await db.adminUser.findUniqueOrThrow({ where: { email: OTHER_ADMIN } });
    const { id: bossId } = await db.adminUser.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const api = (cookie: string) =>
      fetch(`${base}/api/v1/admin/users`, { headers: { Cookie: cookie } }).then((r) => r.status);
    const page = async (cookie: string) => {
      const res = await fetch(`${base}/admin/users`, { redirect: "manual", headers: { Cookie: cookie } });
      await res.arrayBuffer();
      return `${res.status} ${res.headers.get("location") ?? ""}`;
    };
    const patch = async (id: string, body: unknown, origin = base) => {
      const res = await fetch(`${base}/api/v1/admin/users/${id}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Cookie: boss.cookie, Origin: origin },
        body: JSON.stringify(body),
      });
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
    };

    expect([await api(other.cookie), await page(other.cookie)]).toEqual([200, "200 "]);
    expect((await patch(otherId, { action: "disable" }, "https://evil.example")).status).toBe(403);
    expect(await api(other.cookie)).toBe(200); // the cross-site attempt changed nothing

    expect((await patch(otherId, { action: "disable" })).status).toBe(200);
    expect(await api(other.cookie)).toBe(401);
    expect(await page(other.cookie)).toMatch(/^307 \/admin\/sign-in\?callbackUrl=%2Fadmin%2Fusers$/);
    expect((await patch(otherId, { action: "enable" })).status).toBe(200);
    expect(await api(other.cookie)).toBe(401); // re-enabling does not revive the old session

    other = await signIn(base, OTHER_ADMIN, ADMIN.password);
    expect(await api(other.cookie)).toBe(200);
    expect((await patch(otherId, { action: "set-role", role: "VIEWER" })).status).toBe(200);
    expect(await api(other.cookie)).toBe(401); // ended, not merely 403

    // The other is a viewer now: the boss is the last enabled admin.
    expect(await patch(bossId, { action: "set-role", role: "VIEWER" })).toEqual({ status: 409, code: "LAST_ADMIN" });
    expect(await patch(bossId, { action: "disable" })).toEqual({ status: 409, code: "LAST_ADMIN" });
    expect(await patch(otherId, { action: "reset-password", password: "short" })).toMatchObject({ status: 400 });
    expect(await api(boss.cookie)).toBe(200);

    const out = await fetch(`${base}/api/v1/admin/me/sign-out-everywhere`, {
      method: "POST",
      headers: { Cookie: boss.cookie, Origin: base },
    });
    expect(out.status).toBe(204);
    expect(await api(boss.cookie)).toBe(401);
    const audit = await db.auditLog.findMany({
      where: { targetId: { in: [otherId, bossId] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((r) => r.action).filter((a) => a.startsWith("USER_"))).toEqual([
      "USER_DISABLED",
      "USER_ENABLED",
      "USER_ROLE_CHANGED",
      "USER_SESSIONS_REVOKED",
    ]);
  }, 30_000);
});

describe("every route handler found by walking app/", () => {
  // On the proxied instance, as one client of its own (X-Forwarded-For), so the per-client
  // limits the other tests exhaust are not in the way.
  const XFF = "6.6.6.6, 192.0.2.50";
  const handlers = routeHandlers(walkAppRoutes()).filter((h) => h.method !== "GET");
  // Server to server or with its own CSRF token: WeChat Pay's notify route and next-auth. The
  // mini-program's routes are called by wx.request (no Origin of ours) and carry nothing ambient:
  // the session route answers a token, the pay route wants it as a bearer header.
  const originExempt = (h: RouteHandler) =>
    /payments\/wechat\/(notify|miniprogram)|\/api\/auth\/|\/api\/v1\/miniprogram\//.test(h.route.path);

  it("no route reads a request body other than through readJson (or its own capped reader)", () => {
    const direct = handlers.filter((h) =>
      /\b(req|request)\.(json|text|arrayBuffer|blob)\(/.test(readFile(h.route.file)),
    );
    expect(direct.map((h) => h.route.file)).toEqual([]); // the notify route reads its stream with a cap
    expect(handlers.filter((h) => h.json).length).toBeGreaterThanOrEqual(15);
  });

  it("answers signed out, as VIEWER, as ADMIN with a foreign Origin, a text/plain body and 100 KB of JSON as the table says", async (ctx) => {
    if (!proxied) return ctx.skip();
    const base = proxied.urls[0]!;
    const admin = (await signIn(base, ADMIN.email, ADMIN.password, XFF)).cookie;
    const viewer = (await signIn(base, VIEWER, ADMIN.password, XFF)).cookie;
    const creator = await proxied.db.adminUser.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const key = await createApiKey(
      proxied.db,
      newApiKeySchema.parse({ name: "table", scopes: [...API_KEY_SCOPES] }),
      { id: creator.id, email: creator.email, name: creator.name, role: creator.role },
      false,
      "10.0.0.9",
    );
    const big = JSON.stringify({ pad: "x".repeat(100 * 1024) });
    const send = async (h: RouteHandler, o: { cookie?: string; origin?: string; type?: string; body?: string }) => {
      const headers: Record<string, string> = {
        "X-Forwarded-For": XFF,
        "Idempotency-Key": `table-${Math.random().toString(36).slice(2)}`,
        "Content-Type": o.type ?? "application/json",
        Origin: o.origin ?? base,
      };
      if (o.cookie) headers.Cookie = o.cookie;
      if (h.guard === "api-key" && o.cookie) headers.Authorization = `Bearer ${key.secret}`;
      const res = await fetch(`${base}${h.route.path}`, {
        method: h.method,
        redirect: "manual",
        headers,
        body: o.body ?? "{}",
      });
      await res.arrayBuffer();
      return res.status;
    };
    // The sign-out-everywhere route ends the session it is called with: last.
    const ordered = [...handlers].sort(
      (a, b) => Number(a.route.path.includes("sign-out")) - Number(b.route.path.includes("sign-out")),
    );
    const wrong: string[] = [];
    const rows: string[] = [];
    for (const h of ordered) {
      const as = h.guard === "public" ? undefined : admin; // the API key rides along for api-key routes
      const got = {
        signedOut: await send(h, {}),
        foreignOrigin: await send(h, { cookie: as, origin: "https://evil.example" }),
        textPlain: await send(h, { cookie: as, type: "text/plain" }),
        big: await send(h, { cookie: as, body: big }),
        viewer: h.guard === "admin" || h.guard === "admin-any" ? await send(h, { cookie: viewer }) : null,
      };
      const want = {
        signedOut: h.guard === "public" ? "<500" : 401,
        foreignOrigin: originExempt(h) ? "<500" : h.guard === "api-key" ? "not 403" : 403,
        textPlain: h.json ? 415 : "<500 not 415",
        big: h.json ? 413 : "<500",
        viewer: h.guard === "admin" ? 403 : h.guard === "admin-any" ? "<500 not 401/403" : null,
      };
      rows.push(`${h.method} ${h.route.path} [${h.guard}${h.json ? ", json" : ""}] ${JSON.stringify(got)}`);
      for (const [col, wanted] of Object.entries(want)) {
        const status = got[col as keyof typeof got];
        const ok =
          wanted === null ||
          (typeof wanted === "number"
            ? status === wanted
            : wanted === "<500"
              ? status! < 500
              : wanted === "not 403"
                ? status !== 403 && status! < 500
                : wanted === "<500 not 415"
                  ? status! < 500 && status !== 415
                  : status! < 500 && status !== 401 && status !== 403);
        if (!ok) wrong.push(`${h.method} ${h.route.path} ${col}: ${status}, expected ${wanted}`);
      }
    }
    if (process.env.SHOW_ROUTE_TABLE) console.log(rows.join("\n"));
    expect(wrong, rows.join("\n")).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(25);
  }, 60_000);
});

describe("limits that hold in the database", () => {
  it("sign-in: a stranger's guesses meet growing delays, shown on the sign-in page; the owner elsewhere still gets in", async (ctx) => {
    if (!proxied) return ctx.skip();
    const base = proxied.urls[0]!;
    const stranger = "6.6.6.6, 192.0.2.66";
    const errors: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { url } = await signIn(base, ADMIN.email, `wrong-${i}`, stranger);
      errors.push(new URL(url).searchParams.get("error") ?? "");
    }
    // Five at once, then a wait that grows with each further attempt.
    expect(errors).toEqual([...Array(5).fill("CredentialsSignin"), "RATE_LIMITED"]);
    const wait = await proxied.db.rateLimitCounter.findFirstOrThrow({ where: { key: { startsWith: "signin-pair:" } } });
    expect(wait.key).toBe(`signin-pair:${ADMIN.email}|192.0.2.66`);
    const page = await (await fetch(`${base}/admin/sign-in?error=RATE_LIMITED`)).text();
    expect(page).toMatch(/role="alert"[^>]*>尝试次数过多/);
    const owner = await signIn(base, ADMIN.email, ADMIN.password, "192.0.2.67");
    expect(new URL(owner.url).searchParams.get("error")).toBeNull();
  }, 30_000);

  it("the active query calls WeChat Pay at most once per payment however many ask at once", async (ctx) => {
    if (!proxied) return ctx.skip();
    const base = proxied.urls[0]!;
    const headers = { "Content-Type": "application/json", "X-Forwarded-For": "192.0.2.51" };
    const product = await proxied.db.product.create({
      data: { sku: "SEC-QUERY", name: "查询测试", nameEn: "Query test", priceFen: 1 },
    });
    const order = (await (
      await fetch(`${base}/api/v1/orders`, {
        method: "POST",
        headers,
        body: JSON.stringify({ items: [{ productId: product.id, quantity: 1 }] }),
      })
    ).json()) as { orderNo: string };
    const prepay = await fetch(`${base}/api/v1/payments/wechat/native`, {
      method: "POST",
      headers,
      body: JSON.stringify({ orderNo: order.orderNo }),
    });
    expect(prepay.status).toBe(200);
    const { outTradeNo } = (await prepay.json()) as { outTradeNo: string };
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${base}/api/v1/payments/wechat/query/${outTradeNo}`, { headers }).then((r) => r.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const payment = await proxied.db.paymentAttempt.findUniqueOrThrow({ where: { outTradeNo } });
    const queried = await proxied.db.paymentEvent.findMany({ where: { paymentId: payment.id, type: "QUERIED" } });
    expect(queried.map((e) => (e.detail as { count?: number }).count)).toEqual([1]);
  }, 30_000);
});
