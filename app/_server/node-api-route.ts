import type { NextApiRequest, NextApiResponse } from "next";
import { errorResponse } from "@/lib/http/error-response";
import { recordRequest } from "@/lib/observability/observe-request";
import { runWithRequestId } from "@/lib/observability/request-context";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/observability/request-id";
import { sendWebResponse } from "./send-web-response";

type Params = Record<string, string | undefined>;

/**
 * A Pages Router API route (Node's request and response) with what lib/http/handle gives an App
 * Router route handler: the request id for its log lines and on the response, thrown errors
 * answered by errorResponse (the one place errors become HTTP), the duration metric and access
 * line (when the handler returns: for a stream, once its first event is written). `paramNames`
 * are the route's dynamic segments, read from the query Next fills in.
 */
export function nodeApiRoute(
  paramNames: string[],
  fn: (req: NextApiRequest, res: NextApiResponse, params: Params) => Promise<void>,
): (req: NextApiRequest, res: NextApiResponse) => Promise<void> {
  return async (req, res) => {
    const header = req.headers[REQUEST_ID_HEADER];
    const requestId = requestIdFor(typeof header === "string" ? header : null);
    const started = performance.now();
    const params: Params = {};
    for (const name of paramNames) {
      const v = req.query[name];
      params[name] = Array.isArray(v) ? v[0] : v;
    }
    res.setHeader(REQUEST_ID_HEADER, requestId);
    await runWithRequestId(requestId, async () => {
      try {
        await fn(req, res, params);
      } catch (err) {
        if (res.headersSent) {
          res.end();
        } else {
          await sendWebResponse(res, errorResponse(err));
        }
      }
      const pathname = (req.url ?? "/").split("?")[0]!;
      await recordRequest(
        req.method ?? "GET",
        pathname,
        { params },
        res.statusCode,
        (performance.now() - started) / 1000,
      );
    });
  };
}
