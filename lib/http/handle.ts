import { errorResponse } from "./error-response";

/**
 * Wraps a route handler so every thrown error goes through errorResponse. Route handlers stay
 * three lines: parse input (zod), call one domain function, return its result.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
