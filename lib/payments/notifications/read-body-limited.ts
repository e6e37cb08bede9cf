/**
 * Reads the raw body once, as text, refusing (null) past `maxBytes` without buffering the rest:
 * a declared Content-Length is checked first, a chunked body is counted as it streams.
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  // Strict UTF-8 would throw on bad bytes; replacement characters then fail the signature check.
  return Buffer.concat(chunks).toString("utf8");
}
