import { idempotencyKeySchema } from "@/lib/http/idempotency-key";
import { fieldError } from "./field-error";

/** The optional `Idempotency-Key` header: 8–100 of [A-Za-z0-9_-:.], refused field-level otherwise. */
export function readIdempotencyKey(headers: Headers): string | undefined {
  const raw = headers.get("idempotency-key");
  if (raw === null) return undefined;
  const r = idempotencyKeySchema.safeParse(raw);
  if (!r.success) throw fieldError(["Idempotency-Key"], r.error.issues[0]?.message ?? "invalid Idempotency-Key");
  return r.data;
}
