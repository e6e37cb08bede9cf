/**
 * The start of an answer as text of at most `maxBytes` UTF-8 bytes (webhook_attempts.response_body
 * has a CHECK of 1024 octets). Never splits a character; invalid bytes become U+FFFD and NUL
 * (which PostgreSQL text cannot hold) too, and the result is trimmed again if that made it longer.
 */
export function utf8Prefix(buf: Buffer, maxBytes: number): string {
  let end = Math.min(buf.length, maxBytes);
  // A continuation byte (10xxxxxx) just past the cut means the cut fell inside a character.
  if (end < buf.length) while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  const text = buf.subarray(0, end).toString("utf8").replace(/\0/g, "\uFFFD");
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}
