import { readdirSync } from "node:fs";
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
