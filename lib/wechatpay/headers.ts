/** Fetch `Headers`, a Node/Next plain header object, or anything with `get`. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | readonly string[] | undefined>;

/** Case-insensitive single header value; repeated headers are rejected as absent. */
export function getHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, unknown>;
  const wanted = name.toLowerCase();
  // Fast path for the two usual spellings (Node lower-cases, WeChat's docs capitalise);
  // the scan is the fallback for any other casing. This sits on every verification.
  if (Object.hasOwn(record, name)) return single(record[name]);
  if (Object.hasOwn(record, wanted)) return single(record[wanted]);
  for (const key in record) {
    if (Object.hasOwn(record, key) && key.toLowerCase() === wanted) return single(record[key]);
  }
  return undefined;
}

function single(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
  return undefined;
}
