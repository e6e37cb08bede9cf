import { readFile } from "node:fs/promises";
import path from "node:path";

export const runtime = "nodejs";

let bundle: Promise<Buffer> | undefined;

/** Scalar's standalone bundle from node_modules, cached by the browser for a day. */
export async function GET() {
  bundle ??= readFile(
    path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js"),
  );
  return new Response(new Uint8Array(await bundle), {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
