/**
 * The merchant's mini-program, played against a running app and this simulator, as a real one
 * would run: wx.login (a code from the simulator) → the app's POST /api/v1/miniprogram/session
 * → the app's POST /api/v1/payments/wechat/miniprogram → wx.requestPayment, which the simulator
 * answers as WeChat does (paySign checked over the mini-program's appid), paying the prepay_id.
 * Nothing here imports the app: it speaks HTTP to both.
 */
export interface MiniProgramPayOptions {
  simulatorUrl: string;
  appUrl: string;
  /** An order number (20261201-7Q4K9MXA) or a checkout session id (cs_…). */
  target: string;
  user?: string;
  fetch?: typeof fetch;
}

export interface MiniProgramPayResult {
  ok: boolean;
  /** The step that failed, when one did. */
  step?: "login" | "session" | "prepay" | "requestPayment";
  status?: number;
  answer?: unknown;
  openidToken?: { expiresAt: string };
  payParams?: Record<string, unknown>;
  errMsg?: string;
}

export async function payFromMiniProgram(o: MiniProgramPayOptions): Promise<MiniProgramPayResult> {
  const f = o.fetch ?? fetch;
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await f(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON: shown as text */
    }
    return { status: res.status, ok: res.ok, json: json as Record<string, unknown> };
  };

  const login = await post(`${o.simulatorUrl}/_sim/miniprogram/login`, o.user ? { user: o.user } : {});
  if (!login.ok || typeof login.json.code !== "string")
    return { ok: false, step: "login", status: login.status, answer: login.json };

  const session = await post(`${o.appUrl}/api/v1/miniprogram/session`, { code: login.json.code });
  if (session.status !== 200 || typeof session.json.token !== "string")
    return { ok: false, step: "session", status: session.status, answer: session.json };
  const token = session.json.token;

  const target = o.target.startsWith("cs_") ? { checkoutSessionId: o.target } : { orderNo: o.target };
  const prepay = await post(`${o.appUrl}/api/v1/payments/wechat/miniprogram`, target, {
    Authorization: `Bearer ${token}`,
  });
  if (prepay.status !== 200) return { ok: false, step: "prepay", status: prepay.status, answer: prepay.json };
  const payParams = prepay.json;

  // wx.requestPayment takes exactly these five: the appId is the mini-program's own.
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = payParams;
  const paid = await post(`${o.simulatorUrl}/_sim/miniprogram/request-payment`, {
    timeStamp,
    nonceStr,
    package: pkg,
    signType,
    paySign,
  });
  const errMsg = typeof paid.json.errMsg === "string" ? paid.json.errMsg : undefined;
  return {
    ok: paid.json.ok === true,
    ...(paid.json.ok === true ? {} : { step: "requestPayment" as const, answer: paid.json }),
    openidToken: { expiresAt: String(session.json.expiresAt) },
    payParams,
    errMsg,
  };
}
