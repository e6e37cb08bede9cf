import { describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/errors/app-error";
import { assertSameOrigin } from "./same-origin";

// Under Vitest the public URL is the default http://localhost:3000 and TRUST_PROXY_HOPS is 0.
const req = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/v1/admin/users", { method: "POST", headers });

describe("assertSameOrigin", () => {
  it.each([
    [{}],
    [{ origin: "http://localhost:3000", host: "127.0.0.1:3000" }],
    [{ origin: "http://shop.internal:8080", host: "shop.internal:8080" }],
  ])("lets %o through", (headers) => {
    expect(() => assertSameOrigin(req(headers))).not.toThrow();
  });

  it.each([
    [{ origin: "null", host: "localhost:3000" }],
    [{ origin: "https://evil.example", host: "localhost:3000" }],
    [{ origin: "not a url", host: "localhost:3000" }],
    [{ origin: "file://localhost:3000", host: "localhost:3000" }],
    // A forwarded host counts only behind trusted proxies.
    [{ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" }],
  ])("refuses %o with 403, never a 500", (headers) => {
    expect(() => assertSameOrigin(req(headers))).toThrow(ForbiddenError);
  });
});
