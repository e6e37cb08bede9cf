import type { WechatPayCall } from "@/lib/wechatpay";
import { getLogger } from "./logger";
import { getMetrics } from "./metrics";

/**
 * The WeChat Pay client's `onCall` observer: every HTTP attempt counted, timed and logged with
 * WeChat Pay's Request-ID (what their support asks for).
 */
export function observeWechatPayCall(call: WechatPayCall): void {
  const m = getMetrics();
  const status = call.status === undefined ? (call.failure ?? "error") : String(call.status);
  m.wechatpayRequests.inc({ endpoint: call.endpoint, status, code: call.code ?? "" });
  m.wechatpayDuration.observe({ endpoint: call.endpoint, status }, call.durationMs / 1000);
  const ok = call.status !== undefined && call.status >= 200 && call.status < 300;
  getLogger("wechatpay")[ok ? "info" : "warn"](
    {
      endpoint: call.endpoint,
      method: call.method,
      status,
      code: call.code,
      wechatpayRequestId: call.requestId,
      attempt: call.attempt,
      backupHost: call.backupHost || undefined,
      durationMs: Math.round(call.durationMs),
    },
    "wechatpay call",
  );
}
