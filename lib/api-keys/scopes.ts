/** What an API key may do. Each merchant route names the one scope it needs. */
export const API_KEY_SCOPES = [
  "checkout:write",
  "checkout:read",
  "refunds:write",
  "orders:read",
  "events:read",
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
