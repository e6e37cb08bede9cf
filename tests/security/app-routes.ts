import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface AppRoute {
  /** The URL path with every dynamic segment filled with a harmless value. */
  path: string;
  kind: "page" | "route";
  file: string;
}

// Values for the dynamic segments: well-formed enough to reach the handler, matching nothing.
const SEGMENT_VALUES: Record<string, string> = {
  orderNo: "20260101-NOSUCH00",
  outTradeNo: "NOSUCHOUTTRADENO",
  outRefundNo: "NOSUCHREFUND",
  sessionId: "cs_NoSuchSession0000000000",
  sha256: "0".repeat(64),
  id: "nosuch",
  "...nextauth": "session",
};

/** Every page.tsx and route.ts under app/, as the URL a browser would use. */
export function walkAppRoutes(appDir = path.resolve("app")): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders (components)
        walk(path.join(dir, entry.name), [...segments, entry.name]);
        continue;
      }
      const kind = /^page\.tsx?$/.test(entry.name) ? "page" : /^route\.tsx?$/.test(entry.name) ? "route" : null;
      if (!kind) continue;
      const parts = segments
        .filter((s) => !/^\(.*\)$/.test(s)) // route groups are not in the URL
        .map((s) => {
          const m = /^\[(.+)\]$/.exec(s);
          if (!m) return s;
          const value = SEGMENT_VALUES[m[1]!];
          if (value === undefined) throw new Error(`tests/security: no test value for the segment ${s} (${dir})`);
          return value;
        });
      out.push({ path: `/${parts.join("/")}`, kind, file: path.relative(process.cwd(), path.join(dir, entry.name)) });
    }
  };
  walk(appDir, []);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export interface RouteHandler {
  route: AppRoute;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Who may call it, read from the handler's source: an admin session (of any role or ADMIN), an API key, anyone. */
  guard: "admin" | "admin-any" | "api-key" | "public";
  /** Reads a JSON body through lib/http/read-json (size cap, Content-Type). */
  json: boolean;
}

/** Each exported method of each route.ts, classified from its own block of source. */
export function routeHandlers(routes: AppRoute[]): RouteHandler[] {
  const out: RouteHandler[] = [];
  for (const route of routes.filter((r) => r.kind === "route")) {
    const src = readFileSync(route.file, "utf8");
    const [preamble, ...blocks] = src.split(/(?=^export const (?:GET|POST|PUT|PATCH|DELETE)\b)/m);
    const classify = (code: string): RouteHandler["guard"] =>
      /withApiKey\(/.test(code)
        ? "api-key"
        : /requireAdmin\("ADMIN"\)/.test(code)
          ? "admin"
          : /requireAdmin\(\)/.test(code)
            ? "admin-any"
            : "public";
    for (const block of blocks) {
      const method = /^export const (\w+)/.exec(block)![1] as RouteHandler["method"];
      // A handler built before its export (`const trigger = withApiKey(…)`, then `export const
      // POST = (…) => trigger(…)`) is classified by what the file defines before its exports.
      const own = classify(block);
      const delegated = own === "public" && /^export const \w+ = \([^)]*\) =>/.test(block);
      const guard = delegated ? classify(preamble!) : own;
      out.push({ route, method, guard, json: /readJson\(/.test(delegated ? preamble! + block : block) });
    }
    // `export { handler as GET, handler as POST }` (next-auth)
    for (const m of src.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g))
      out.push({ route, method: m[1] as RouteHandler["method"], guard: "public", json: false });
  }
  return out;
}
