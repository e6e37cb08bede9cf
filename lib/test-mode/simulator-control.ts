import { AppError } from "@/lib/errors/app-error";

/**
 * The bundled simulator's control API (simulator/README.md), as test mode drives it: the test
 * page's buttons and `POST /api/v1/test/trigger` play the shopper and WeChat Pay's back office,
 * so every notification that follows is still signed, encrypted and verified for real.
 * Plain JSON over loopback; the simulator refuses a browser on another origin, not this.
 */
export class SimulatorControlError extends AppError {
  readonly code = "SIMULATOR_REFUSED";
  readonly status = 409;
}

export interface SimulatorControl {
  pay(outTradeNo: string, opts?: { notify?: boolean }): Promise<void>;
  fail(outTradeNo: string): Promise<void>;
  /** Delivers the payment's (or refund's) notification `count` more times, at once. */
  deliverAgain(ref: string, count: number): Promise<void>;
  settleRefund(outRefundNo: string, to: "settle" | "abnormal" | "close"): Promise<void>;
  /**
   * The next `times` requests to `endpoint` fail with a 500 before they are processed (a transport
   * fault): WeChat Pay never saw them. The app's client retries a 5xx, so one call is 1 + retries.
   */
  failNext(endpoint: string, times?: number): Promise<void>;
}

export function simulatorControl(baseUrl: string, fetchImpl: typeof fetch = fetch): SimulatorControl {
  async function post(path: string, body: unknown = {}): Promise<void> {
    const res = await fetchImpl(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) return;
    const answer = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new SimulatorControlError(`The simulator refused: ${answer.message ?? res.status}`, {
      simulatorCode: answer.code ?? null,
    });
  }
  const seg = encodeURIComponent;
  return {
    pay: (no, opts = {}) => post(`/_sim/orders/${seg(no)}/pay`, { notify: opts.notify !== false }),
    fail: (no) => post(`/_sim/orders/${seg(no)}/fail`),
    deliverAgain: (ref, count) => post(`/_sim/notifications/${seg(ref)}/duplicate`, { count }),
    settleRefund: (no, to) => post(`/_sim/refunds/${seg(no)}/${to}`),
    // `count` is what POST /_sim/faults reads: without it the fault would hit every later call.
    failNext: (endpoint, times = 1) =>
      post("/_sim/faults", { endpoint, kind: "error500", phase: "before", rate: 1, count: times }),
  };
}
