import { observeRequest } from "@/lib/observability/observe-request";
import { errorResponse } from "./error-response";

/**
 * Wraps a route handler so every thrown error goes through errorResponse. Route handlers stay
 * three lines: parse input (zod), call one domain function, return its result. Every wrapped
 * route is also observed (lib/observability/observe-request): request id, duration metric by
 * route pattern and status, one access log line.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) =>
    observeRequest(args[0] instanceof Request ? args[0] : undefined, args[1], async () => {
      try {
        return await fn(...args);
      } catch (err) {
        return errorResponse(err);
      }
    });
}
