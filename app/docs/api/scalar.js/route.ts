import { readFile } from "node:fs/promises";
import path from "node:path";

export const runtime = "nodejs";

let bundle: Promise<Buffer> | undefined;

// The bundle's zod probes for eval (`Function("")`) to compile fast parsers; the page's CSP has
// no 'unsafe-eval', so the probe is a CSP violation. zod's jitless mode skips the probe.
const PRELUDE = Buffer.from("globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };\n");

/** Scalar's standalone bundle from node_modules, cached by the browser for a day. */
export async function GET() {
  bundle ??= readFile(
    path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js"),
  ).then((b) => Buffer.concat([PRELUDE, b]));
  return new Response(new Uint8Array(await bundle), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
