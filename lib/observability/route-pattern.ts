/**
 * The route pattern for a metric label, from the request path and Next's resolved params:
 * `/api/v1/orders/ORD123` with `{ orderNo: "ORD123" }` → `/api/v1/orders/[orderNo]`. Segments are
 * matched from the right (dynamic segments sit after the static prefix), a catch-all's values
 * become `[...name]`. Only paths that reached a route handler get here, so the label set stays
 * the set of routes.
 */
export function routePattern(pathname: string, params: Record<string, string | string[] | undefined> = {}): string {
  const segments = pathname.split("/");
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      for (let end = decoded.length; end - value.length >= 1; end--) {
        const start: number = end - value.length;
        if (value.every((v, k) => decoded[start + k] === v)) {
          segments.splice(start, value.length, `[...${name}]`);
          decoded.splice(start, value.length, `[...${name}]`);
          break;
        }
      }
      continue;
    }
    for (let k = decoded.length - 1; k >= 1; k--) {
      if (decoded[k] === value) {
        segments[k] = `[${name}]`;
        decoded[k] = `[${name}]`;
        break;
      }
    }
  }
  return segments.join("/") || "/";
}
