import type { IncomingHttpHeaders } from "node:http";
import type { SimContext } from "../context";
import type { SimResponse } from "../http";

export interface RouteRequest {
  ctx: SimContext;
  method: string;
  url: URL;
  /** Path plus query string exactly as received (what the merchant signed). */
  pathWithQuery: string;
  params: string[];
  body: string;
  headers: IncomingHttpHeaders;
  /** The authenticated merchant (WeChat Pay API routes only). */
  mchid: string;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  /** Set on WeChat Pay API routes: the fault-injection endpoint id. */
  endpoint?: string;
  /** Verify the merchant's Authorization (default true when endpoint is set). */
  auth?: boolean;
  handle(r: RouteRequest): SimResponse | Promise<SimResponse>;
}
