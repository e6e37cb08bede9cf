import type { AppConfig } from "@/lib/config";

/** WeChat Pay's H5 cashier (mweb_url); shoppers are sent there, never framed. */
const WECHAT_H5_ORIGIN = "https://wx.tenpay.com";

interface SecurityHeaderOptions {
  /** Fresh per request: Next puts it on its own scripts; pages read it from the x-nonce header. */
  nonce: string;
  /** The public URL is https: HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React needs eval for its debugging stacks. Never in production. */
  dev: boolean;
  /** Demo mode: the simulator's origin (its JSAPI bridge script and the bridge's calls back to it). */
  simulatorOrigin?: string;
  /** Where a form may submit, including redirects after a submit: OAuth authorize, the H5 cashier. */
  formTargets: string[];
}

/**
 * The policy for every page and route. Scripts need this request's nonce ('strict-dynamic' lets
 * the nonced Next runtime load its chunks); 'self' and the simulator origin are only the CSP2
 * fallback. Styles allow inline: React renders style attributes and the JSAPI bridge and Scalar
 * set them at runtime; injected CSS cannot run code. Nothing may frame the checkout.
 */
function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const sim = o.simulatorOrigin ? [o.simulatorOrigin] : [];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...sim, ...(o.dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...sim],
    ["worker-src", "'self'", "blob:"],
    ["frame-src", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'", ...o.formTargets],
    ["frame-ancestors", "'none'"],
  ];
  if (o.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  const h: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(o),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    // For browsers without frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  // Two years; subdomains are the operator's to decide (docs/security.md), so not included here.
  if (o.https) h["Strict-Transport-Security"] = "max-age=63072000";
  return h;
}

const originOf = (url: string) => new URL(url).origin;

/** The options this deployment needs: demo mode adds the simulator; live mode WeChat's OAuth and H5 hosts. */
export function securityHeaderOptions(config: AppConfig, nonce: string, dev: boolean): SecurityHeaderOptions {
  const w = config.wechat;
  if (w.mode === "demo") {
    const sim = originOf(w.simulatorUrl);
    return { nonce, https: config.http.https, dev, simulatorOrigin: sim, formTargets: [sim] };
  }
  return {
    nonce,
    https: config.http.https,
    dev,
    formTargets: [...new Set([originOf(w.oauthBase), WECHAT_H5_ORIGIN])],
  };
}
