import type { IncomingMessage } from "node:http";
import type { NextApiRequest, NextApiResponse } from "next";
import { PayloadTooLargeError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/http/error-response";
import { DEFAULT_JSON_LIMIT } from "@/lib/http/read-json";
import { sendWebResponse } from "./send-web-response";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type WebHandler = (request: Request, context: undefined) => Promise<Response>;

/**
 * Serves App Router-style handlers (`(Request) => Promise<Response>`, e.g. from withApiKey or
 * lib/http/handle, unchanged) from a Pages Router API route. For the hottest server-to-server
 * route, Checkout Session creation, Next's App Router pipeline cost about as much CPU as all of
 * the route's own work (a bare App Router route ≈ 1.5–1.9 ms of CPU per request against
 * ≈ 0.9 ms for a bare Pages API route, and ≈ 1.0 ms for one converting to Request/Response like
 * this: bench/notes/sessions.md). What the App Router gave such a route is kept here: 405 with
 * `Allow` for another method, 204 with `Allow` for OPTIONS, errors through errorResponse.
 *
 * The body is read whole before the handler runs, at most `maxBodyBytes` (413 otherwise,
 * counted while reading, as lib/http/read-json does); the handler's own limit still applies.
 * The file needs `export const config = { api: { bodyParser: false } }` so Next leaves the body alone.
 */
export function webApiRoute(
  handlers: Partial<Record<Method, WebHandler>>,
  { maxBodyBytes = DEFAULT_JSON_LIMIT }: { maxBodyBytes?: number } = {},
): (req: NextApiRequest, res: NextApiResponse) => Promise<void> {
  const allow = [...Object.keys(handlers), "OPTIONS"].join(", ");
  return async (req, res) => {
    const method = req.method ?? "GET";
    const handler = handlers[method as Method];
    if (!handler) {
      res.setHeader("Allow", allow);
      res.statusCode = method === "OPTIONS" ? 204 : 405;
      res.end();
      return;
    }
    let response: Response;
    try {
      response = await handler(await toRequest(req, method, maxBodyBytes), undefined);
    } catch (err) {
      response = errorResponse(err);
      // The rest of an oversized body is never read: close the connection rather than keep it.
      if (err instanceof PayloadTooLargeError) res.setHeader("Connection", "close");
    }
    await sendWebResponse(res, response);
  };
}

async function toRequest(req: IncomingMessage, method: string, maxBytes: number): Promise<Request> {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  // Only the path matters to the handlers (route patterns, logs); the Host header is the client's.
  const url = `http://localhost${req.url ?? "/"}`;
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  // Buffer.concat's result owns a plain ArrayBuffer (never a SharedArrayBuffer).
  const body = (await readBody(req, maxBytes)) as Uint8Array<ArrayBuffer>;
  return new Request(url, { method, headers, body });
}

/** The whole body, refusing one over `maxBytes` (declared or counted) with 413 before reading more. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? NaN) > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; Node discards the rest once the 413 has been sent.
        req.off("data", onData).off("end", onEnd).pause();
        reject(new PayloadTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    req.on("data", onData).on("end", onEnd).once("error", reject);
  });
}
