import { z } from "zod";

/**
 * An `Idempotency-Key` (header of the merchant API's POSTs): 8–100 of [A-Za-z0-9_-:.]. Here, not
 * in one domain folder, because refunds and checkout sessions both read it.
 */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[\w\-:.]+$/, "Idempotency-Key must be 8-100 of [A-Za-z0-9_-:.]");
