// What the logger never writes (pino `redact`): credentials of every kind, and the payer's
// openid only shortened. Paths are exact keys at the top level or one level down (fast-redact
// wildcards), which covers `{ headers: { authorization } }`, `{ err: { … } }` and the like.

const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "password",
  "passwordHash",
  "secret",
  "secretHash",
  "previousSecret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "apiKey",
  "apiV3Key",
  "privateKey",
  "privateKeyPem",
  "key",
  "appSecret",
  "sessionKey",
  "session_key",
];
const OPENID_KEYS = ["openid", "payerOpenid", "payer_openid"];

const anywhere = (keys: string[]) => keys.flatMap((k) => [`["${k}"]`, `*["${k}"]`]);

export const REDACT_PATHS = [
  ...anywhere(SECRET_KEYS),
  ...anywhere(OPENID_KEYS),
  "*.payer.openid",
  "resource.payer.openid",
  "req.headers.authorization",
  "req.headers.cookie",
];

const OPENID_LEAF = new Set(OPENID_KEYS);

/** `oUpF8uMuAJO_M2pxb1Q9zNjWeS6o` → `oUpF…S6o`: enough to tell two payers apart in a log, not to find one. */
export function shortenOpenid(value: unknown): string {
  if (typeof value !== "string") return "[Redacted]";
  return value.length <= 8 ? "…" : `${value.slice(0, 4)}…${value.slice(-3)}`;
}

/** pino's censor: openids shortened, everything else replaced. */
export function censor(value: unknown, path: string[]): unknown {
  return OPENID_LEAF.has(path[path.length - 1] ?? "") ? shortenOpenid(value) : "[Redacted]";
}
