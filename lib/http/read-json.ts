import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors/app-error";

export const DEFAULT_JSON_LIMIT = 16 * 1024;

/** `application/json`, with or without parameters (`; charset=utf-8`); nothing else. */
function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/json\s*(;|$)/i.test(value.trim());
}

/**
 * Every JSON route's body: Content-Type must be application/json (415; a cross-site HTML form
 * cannot send it without a CORS preflight we never grant), at most `maxBytes` (413, counted while
 * reading, so a lying or missing Content-Length does not help), UTF-8 JSON (400). Errors go
 * through the one error mapper like any other.
 */
export async function readJson(request: Request, maxBytes = DEFAULT_JSON_LIMIT): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) throw new UnsupportedMediaTypeError();
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new PayloadTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BadRequestError("The request body is not valid UTF-8", undefined, "VALIDATION_ERROR");
  }
  return JSON.parse(text); // a SyntaxError is mapped to 400 VALIDATION_ERROR
}
