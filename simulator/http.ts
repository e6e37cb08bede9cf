import type { IncomingMessage } from "node:http";

/** What a route returns; the server writes it (so faults can act after processing). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** v3 API responses: sign when 2xx. */
  sign?: boolean;
}

interface ErrorDetail {
  field?: string;
  value?: unknown;
  issue?: string;
  location?: string;
}

/** Thrown by routes; becomes WeChat Pay's error shape, unsigned. */
export class WxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = "WxError";
  }
}

export function paramError(field: string, issue: string, value?: unknown, location = "body"): WxError {
  return new WxError(400, "PARAM_ERROR", `参数错误 (invalid parameter): ${field} ${issue}`, {
    field,
    value,
    issue,
    location,
  });
}

export function errorResponse(e: WxError): SimResponse {
  const body: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.detail) body.detail = e.detail;
  return json(e.status, body, false);
}

export function json(status: number, value: unknown, sign = true): SimResponse {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify(value), sign };
}

export function html(body: string, status = 200): SimResponse {
  return { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }, body };
}

export function redirect(location: string): SimResponse {
  return { status: 302, headers: { Location: location } };
}

export function text(status: number, body: string, contentType = "text/plain; charset=utf-8"): SimResponse {
  return { status, headers: { "Content-Type": contentType }, body };
}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new WxError(400, "PARAM_ERROR", "request body too large");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON object body or throws PARAM_ERROR. */
export function parseJsonObject(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new WxError(400, "PARAM_ERROR", "请求体不是合法的JSON (body is not valid JSON)", {
      location: "body",
      issue: "invalid JSON",
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WxError(400, "PARAM_ERROR", "请求体必须是JSON对象 (body must be a JSON object)", { location: "body" });
  }
  return value as Record<string, unknown>;
}

/** Parses a urlencoded form body (shopper pages). */
export function parseForm(raw: string): URLSearchParams {
  return new URLSearchParams(raw);
}

export function yuan(fen: number): string {
  const negative = fen < 0;
  const s = String(Math.abs(Math.trunc(fen))).padStart(3, "0");
  return `${negative ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}
