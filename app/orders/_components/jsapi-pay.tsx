"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

type BridgeParams = { appId: string; timeStamp: string; nonceStr: string; package: string; signType: "RSA"; paySign: string };
type MiniParams = Omit<BridgeParams, "appId">;
type Outcome = "ok" | "cancel" | "fail";

declare global {
  interface Window {
    WeixinJSBridge?: { invoke(name: string, params: BridgeParams, cb: (r: { err_msg?: string }) => void): void };
    wx?: { requestPayment(opts: MiniParams & { success(r: { errMsg: string }): void; fail(r: { errMsg: string }): void }): void };
  }
}

export interface JsapiLabels {
  payNow: string;
  payCancelled: string;
  payFailed: string;
  confirming: string;
  payAgain: string;
  wechatOnly: string;
}

function whenBridgeReady(): Promise<void> {
  if (window.WeixinJSBridge) return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("WeixinJSBridgeReady", () => resolve(), { once: true }));
}

function invokeBridge(params: BridgeParams): Promise<Outcome> {
  return whenBridgeReady().then(
    () =>
      new Promise<Outcome>((resolve) =>
        window.WeixinJSBridge!.invoke("getBrandWCPayRequest", params, (r) => {
          const msg = r.err_msg ?? "";
          resolve(msg.endsWith(":ok") ? "ok" : msg.endsWith(":cancel") ? "cancel" : "fail");
        }),
      ),
  );
}

function invokeMiniProgram(params: MiniParams): Promise<Outcome> {
  return new Promise((resolve) => {
    if (!window.wx) return resolve("fail");
    window.wx.requestPayment({ ...params, success: () => resolve("ok"), fail: (r) => resolve(/cancel/.test(r.errMsg) ? "cancel" : "fail") });
  });
}

/**
 * Opens WeChat's pay sheet (WeixinJSBridge, or wx.requestPayment in a mini-program web-view)
 * once on arrival and again on "pay again". `:ok` only means the sheet closed happily: the
 * server is asked for the real status (active query) and only a paid order moves on.
 */
export function JsapiPay(props: { orderNo: string; outTradeNo: string; bridge: BridgeParams; miniProgram: MiniParams | null; labels: JsapiLabels }) {
  const { orderNo, outTradeNo, bridge, miniProgram, labels } = props;
  const router = useRouter();
  const [state, setState] = useState<"opening" | "confirming" | Outcome>("opening");
  const started = useRef(false);

  const pay = useCallback(async () => {
    setState("opening");
    const outcome = await (miniProgram ? invokeMiniProgram(miniProgram) : invokeBridge(bridge));
    if (outcome !== "ok") return setState(outcome);
    setState("confirming");
    const res = await fetch(`/api/v1/payments/wechat/query/${encodeURIComponent(outTradeNo)}`, { cache: "no-store" }).catch(() => null);
    const s = res?.ok ? await res.json() : null;
    if (s && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(s.orderStatus)) router.replace(`/orders/${encodeURIComponent(orderNo)}/success`);
    // Otherwise the status watcher on this page keeps asking until the payment shows up.
  }, [bridge, miniProgram, outTradeNo, orderNo, router]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void pay();
  }, [pay]);

  return (
    <div className="jsapi" data-testid="jsapi" data-state={state}>
      {state === "cancel" && <p className="notice" role="alert">{labels.payCancelled}</p>}
      {state === "fail" && <p className="notice error-text" role="alert">{labels.payFailed}</p>}
      {state === "confirming" && <p className="muted" role="status">{labels.confirming}</p>}
      <button className="btn block" type="button" onClick={pay} disabled={state === "opening" || state === "confirming"}>
        {state === "cancel" || state === "fail" ? labels.payAgain : labels.payNow}
      </button>
      <p className="muted small center">{labels.wechatOnly}</p>
    </div>
  );
}
