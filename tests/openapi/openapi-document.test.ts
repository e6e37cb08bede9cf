// The OpenAPI document is generated from the routes' zod schemas; these tests keep it honest:
// it must be a valid OpenAPI 3.1 document, and every public route file under app/api/v1 (each
// exported method) and pages/api/v1 (Pages API routes: the one method a Node handler admits, or
// the methods given to webApiRoute) must be in it, with nothing documented that no route serves.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";

const API_ROOT = path.join(process.cwd(), "app/api/v1");
const PAGES_API_ROOT = path.join(process.cwd(), "pages/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Routes that are not a public API, each with the reason. Everything else must be documented. */
const NOT_PUBLIC: Record<string, string> = {
  "/api/v1/admin/": "the admin console's own pages call these (session cookie); only API keys are documented",
  "/api/v1/payments/wechat/refund": "the admin console's refund form; merchants use POST /api/v1/refunds",
  "/api/v1/oauth/wechat/": "browser redirects of the snsapi_base OAuth round trip, not an API",
  "/api/v1/locale": "the language toggle's cookie",
  "/api/v1/openapi.json": "this document itself",
};
const DOCUMENTED_ADMIN = [
  "/api/v1/admin/api-keys",
  "/api/v1/admin/webhook-endpoints",
  "/api/v1/admin/webhook-deliveries",
];

function isPublic(route: string): boolean {
  if (DOCUMENTED_ADMIN.some((p) => route === p || route.startsWith(`${p}/`))) return true;
  return !Object.keys(NOT_PUBLIC).some((p) => (p.endsWith("/") ? route.startsWith(p) : route === p));
}

/** Every route.ts under app/api/v1 as an OpenAPI path ([id] → {id}) with its exported methods. */
function routeFiles(dir = API_ROOT): { route: string; methods: string[]; file: string }[] {
  const out: { route: string; methods: string[]; file: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (entry.name === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = METHODS.filter((m) =>
        new RegExp(`export\\s+(const\\s+${m}\\b|(async\\s+)?function\\s+${m}\\b)`).test(source),
      );
      const rel = path.relative(API_ROOT, path.dirname(full)).split(path.sep).join("/");
      const route = `/api/v1/${rel}`.replace(/\[([^\]]+)\]/g, "{$1}");
      out.push({ route, methods, file: path.relative(process.cwd(), full) });
    }
  }
  return out.concat(dir === API_ROOT ? pagesApiFiles() : []);
}

/** Every Pages API route under pages/api/v1 (`…/events.ts` → `…/events`) and the methods it serves. */
function pagesApiFiles(dir = PAGES_API_ROOT): { route: string; methods: string[]; file: string }[] {
  const out: { route: string; methods: string[]; file: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pagesApiFiles(full));
    else if (entry.name.endsWith(".ts")) {
      const source = readFileSync(full, "utf8");
      // A Node handler admits one method (`req.method !== "GET"`); webApiRoute({ POST, … }) names its own.
      const single = /req\.method !== "([A-Z]+)"/.exec(source)?.[1];
      const named = /webApiRoute\(\{([^}]*)\}/.exec(source)?.[1]?.match(/[A-Z]+/g);
      const rel = path.relative(PAGES_API_ROOT, full).replace(/\.ts$/, "").split(path.sep).join("/");
      const route = `/api/v1/${rel}`.replace(/\[([^\]]+)\]/g, "{$1}");
      const methods = single ? [single] : (named ?? []);
      out.push({ route, methods, file: path.relative(process.cwd(), full) });
    }
  }
  return out;
}

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument("http://localhost:3000");

  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it("finds the route files it checks (the scan cannot pass by seeing nothing)", () => {
    const routes = routeFiles().map((r) => r.route);
    expect(routes).toContain("/api/v1/checkout/sessions");
    expect(routes).toContain("/api/v1/payments/wechat/notify");
    expect(routes).toContain("/api/v1/payments/wechat/payment/{outTradeNo}/events");
    expect(routes.length).toBeGreaterThan(15);
  });

  it("documents every method of every public route file under app/api/v1", () => {
    const missing: string[] = [];
    for (const r of routeFiles()) {
      if (!isPublic(r.route)) continue;
      expect(r.methods.length, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
      for (const m of r.methods) {
        const op = (doc.paths?.[r.route] as Record<string, unknown> | undefined)?.[m.toLowerCase()];
        if (!op) missing.push(`${m} ${r.route} (${r.file})`);
      }
    }
    expect(missing, "add these to lib/openapi/paths/*").toEqual([]);
  });

  it("documents nothing that no route file serves", () => {
    const served = new Map(routeFiles().map((r) => [r.route, r.methods.map((m) => m.toLowerCase())]));
    const stale: string[] = [];
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of Object.keys(item ?? {}).filter((k) => METHODS.map((x) => x.toLowerCase()).includes(k))) {
        if (!served.get(p)?.includes(m)) stale.push(`${m.toUpperCase()} ${p}`);
      }
    }
    expect(stale).toEqual([]);
  });

  it("names the security of every merchant route", () => {
    for (const p of ["/api/v1/checkout/sessions", "/api/v1/checkout/sessions/{id}"]) {
      const item = doc.paths?.[p] as Record<string, { security?: unknown[] }>;
      for (const op of Object.values(item)) expect(op.security).toEqual([{ apiKey: [] }]);
    }
  });
});

describe("the generated client types", () => {
  it("e2e/merchant/api-types.ts is what openapi-typescript makes of the document now", async () => {
    const { format } = await import("prettier");
    const { generateApiTypes, TYPES_FILE } = await import("@/scripts/openapi-types");
    const fresh = await format(await generateApiTypes(), { parser: "typescript", printWidth: 120 });
    expect(readFileSync(TYPES_FILE, "utf8"), "run npm run openapi:types").toBe(fresh);
    expect(fresh).toContain('"/api/v1/checkout/sessions"');
  });
});
