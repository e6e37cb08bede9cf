import { ZodError } from "zod";

/**
 * A check zod cannot express (redirect origins, catalog lookups, the total) reported exactly
 * like a schema failure: 400 VALIDATION_ERROR with `details: [{path, message}]`.
 */
export function fieldError(path: (string | number)[], message: string): ZodError {
  return new ZodError([{ code: "custom", path, message, input: undefined }]);
}
