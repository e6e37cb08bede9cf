import { test as base, type Browser, type BrowserContext } from "@playwright/test";

export { expect } from "@playwright/test";
export type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";

/**
 * Collects every Content-Security-Policy violation in a browser context: the DOM's
 * `securitypolicyviolation` event (reported through a binding, so it survives navigations) and
 * Chromium's console errors for refused scripts, styles, frames and connections.
 */
export async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__reportCspViolation", (_source, v: string) => {
    violations.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation?: (v: string) => void }).__reportCspViolation;
      report?.(`${e.effectiveDirective} refused ${e.blockedURI || "inline"} on ${e.documentURI}`);
    });
  });
  context.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

/**
 * Every spec imports `test` from here (ESLint holds it): a page that violates its CSP fails
 * the test, in the default context and in any context or page the test opens on `browser`.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ browser, context }, run) => {
      const all: string[][] = [await watchCsp(context)];
      const b = browser as Browser & { newContext: Browser["newContext"] };
      const original = b.newContext;
      // Browser.newPage goes through newContext too.
      b.newContext = async (options) => {
        const ctx = await original.call(b, options);
        all.push(await watchCsp(ctx));
        return ctx;
      };
      try {
        await run();
      } finally {
        b.newContext = original;
      }
      const violations = all.flat();
      if (violations.length) throw new Error(`Content-Security-Policy violations:\n  ${violations.join("\n  ")}`);
    },
    { auto: true },
  ],
});
