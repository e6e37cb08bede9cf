/** Only our own admin paths: a crafted callbackUrl must not send a signed-in admin elsewhere. */
export function safeCallback(v: unknown): string {
  return typeof v === "string" && /^\/admin(\/|$|\?)/.test(v) && !v.startsWith("//") ? v : "/admin";
}
