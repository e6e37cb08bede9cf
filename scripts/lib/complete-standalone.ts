import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * `next build` with `output: "standalone"` writes .next/standalone/server.js with the traced
 * node_modules, but leaves out what a CDN would usually serve: the client assets
 * (.next/static) and public/. They are copied in here, with prisma/migrations so readiness can
 * compare the database against them, and the webhook delivery thread's bundle (built by
 * scripts/build-scripts.mjs; its packages are the app's own, already traced). The folder then
 * runs on its own: `node server.js`.
 */
export function completeStandalone(root = process.cwd()): string {
  const out = path.join(root, ".next/standalone");
  if (!existsSync(path.join(out, "server.js"))) throw new Error(`${out}/server.js is missing: is output "standalone"?`);
  const copies: [string, string][] = [
    [".next/static", ".next/standalone/.next/static"],
    ["public", ".next/standalone/public"],
    ["prisma/migrations", ".next/standalone/prisma/migrations"],
    [".build/lib/webhooks/delivery", ".next/standalone/.build/lib/webhooks/delivery"],
  ];
  for (const [from, to] of copies) {
    rmSync(path.join(root, to), { recursive: true, force: true });
    cpSync(path.join(root, from), path.join(root, to), { recursive: true });
  }
  return out;
}
