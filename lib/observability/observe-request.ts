import { getLogger } from "./logger";
import { getMetrics, metricsEnabled } from "./metrics";
import { runWithRequestId } from "./request-context";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id";
import { routePattern } from "./route-pattern";

interface RouteContext {
  params?: Promise<Record<string, string | string[] | undefined>> | Record<string, string | string[] | undefined>;
}

// Probes and scrapes every few seconds: their access lines only at debug.
const QUIET = /^\/api\/(health|metrics)(\/|$)/;
// WeChat Pay's notifications and Checkout Session creation, answered 2xx: each is already a
// row (notification_events; the session with its api_key_id and timeline event) and a metric,
// and at flash-sale rates the line cost a fifth of the handler's CPU (bench:notify). Refusals
// and failures (4xx/5xx) keep their info line.
const QUIET_WHEN_OK = /^\/api\/v1\/(payments\/wechat\/notify(\/test)?|checkout\/sessions)$/;

/**
 * Runs one route handler as a request: its id (the caller's `x-request-id` if well-formed — the
 * proxy already put one there — else a new one) is the current request id for every log line and
 * audit row written meanwhile, and is echoed in the response; the duration is recorded by route
 * pattern and status, and one access line is logged.
 */
export async function observeRequest(
  request: Request | undefined,
  context: unknown,
  run: () => Promise<Response>,
): Promise<Response> {
  if (!request) return run();
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
  const started = performance.now();
  return runWithRequestId(requestId, async () => {
    const response = await run();
    const seconds = (performance.now() - started) / 1000;
    try {
      response.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // Immutable headers (Response.redirect): the proxy already set it on the way out.
    }
    await recordRequest(request.method, new URL(request.url).pathname, context, response.status, seconds);
    return response;
  });
}

/**
 * The duration metric (by route pattern and status) and the access line of one request; shared
 * with routes that answer on Node's response (app/_server/node-api-route.ts).
 */
export async function recordRequest(
  method: string,
  pathname: string,
  context: unknown,
  status: number,
  seconds: number,
): Promise<void> {
  const log = getLogger("http");
  const quiet = QUIET.test(pathname) || (status < 400 && QUIET_WHEN_OK.test(pathname));
  const level = quiet ? "debug" : "info";
  // With metrics off and the line below the log level (bench/overhead.ts's "off" side) there
  // is nothing to label: skip working out the route pattern.
  if (!metricsEnabled() && !log.isLevelEnabled(level)) return;
  const params = await (context as RouteContext | undefined)?.params;
  const route = routePattern(pathname, params ?? {});
  getMetrics().httpDuration.observe({ method, route, status: String(status) }, seconds);
  log[level]({ method, route, status, durationMs: Math.round(seconds * 1000) }, "request");
}
