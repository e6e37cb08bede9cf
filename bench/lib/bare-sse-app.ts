// The framework's floor for holding a server-sent-events stream: a bare Next.js app
// (bare-next-app.ts) that answers text/event-stream with one event and keeps the stream open
// until the client goes away, two ways: an App Router route handler returning a web
// ReadableStream (`/sse`), and a Pages Router API route writing to Node's response (`/api/sse`).
// No proxy, no database, no timers: what an open stream costs there is Next.js's and Node's.
import { buildBareNextApp, startBareNextApp, type BareNextApp } from "./bare-next-app";

const FRAME = 'event: status\\ndata: {"status":"PENDING"}\\n\\n';
const APP_ROUTE = `export const dynamic = "force-dynamic";
const encoder = new TextEncoder();
export function GET() {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode('${FRAME}'));
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store" } });
}
`;
const PAGES_API_ROUTE = `import type { NextApiRequest, NextApiResponse } from "next";
export const config = { api: { externalResolver: true, bodyParser: false } };
export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
  res.write('${FRAME}');
}
`;
const HEALTH_ROUTE = `export const dynamic = "force-dynamic";
export function GET() {
  return Response.json({ ok: true });
}
`;

/** Starts the bare SSE app: streams at `${url}/sse` (route handler) and `${url}/api/sse` (Pages API). */
export async function startBareSseApp(root: string, nodeArgs: string[] = []): Promise<BareNextApp> {
  const dir = buildBareNextApp(root, "bare-sse", {
    "app/sse/route.ts": APP_ROUTE,
    "pages/api/sse.ts": PAGES_API_ROUTE,
    "app/health/route.ts": HEALTH_ROUTE,
  });
  return startBareNextApp(root, dir, "/health", { nodeArgs });
}
