"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useGoTo } from "./use-go-to";

type BridgeParams = {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: "RSA";
  paySign: string;
};
type MiniParams = Omit<BridgeParams, "appId">;
type Outcome = "ok" | "cancel" | "fail";

declare global {
  interface Window {
    WeixinJSBridge?: { invoke(name: string, params: BridgeParams, cb: (r: { err_msg?: string }) => void): void };
    wx?: {
      requestPayment(
        opts: MiniParams & { success(r: { errMsg: string }): void; fail(r: { errMsg: string }): void },
      ): void;
    };
  }
}

export interface JsapiLabels {
  payNow: string;
  payCancelled: string;
  payFailed: string;
  confirming: string;
  payAgain: string;
}

/** WeChat injects its bridge (and the mini-program JSSDK its wx) after the page starts. */
function whenBridgeReady(ready: () => boolean = () => !!window.WeixinJSBridge): Promise<void> {
  if (ready()) return Promise.resolve();
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

async function invokeMiniProgram(params: MiniParams): Promise<Outcome> {
  await whenBridgeReady(() => !!window.wx);
  return new Promise((resolve) => {
    window.wx!.requestPayment({
      ...params,
      success: () => resolve("ok"),
      fail: (r) => resolve(/cancel/.test(r.errMsg) ? "cancel" : "fail"),
    });
  });
}

/**
 * Opens WeChat's pay sheet (WeixinJSBridge, or wx.requestPayment in a mini-program web-view)
 * once on arrival and again on "pay again". `:ok` only means the sheet closed happily: the
 * server is asked for the real status (active query) and only a paid order moves on.
 */
export function JsapiPay(props: {
  /** Where to go once paid. */
  paidHref: string;
  outTradeNo: string;
  bridge: BridgeParams;
  miniProgram: MiniParams | null;
  labels: JsapiLabels;
}) {
  const { paidHref, outTradeNo, bridge, miniProgram, labels } = props;
  const router = useRouter();
  const goTo = useGoTo();
  const [state, setState] = useState<"opening" | "confirming" | Outcome>("opening");
  const started = useRef(false);

  const pay = useCallback(async () => {
    setState("opening");
    const outcome = await (miniProgram ? invokeMiniProgram(miniProgram) : invokeBridge(bridge));
    if (outcome !== "ok") return setState(outcome);
    setState("confirming");
    const res = await fetch(`/api/v1/payments/wechat/query/${encodeURIComponent(outTradeNo)}`, {
      cache: "no-store",
    }).catch(() => null);
    const s = res?.ok ? await res.json() : null;
    if (s && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(s.orderStatus)) goTo(paidHref);
    // Otherwise the status watcher on this page keeps asking until the payment shows up.
  }, [bridge, miniProgram, outTradeNo, paidHref, goTo]);

  // After a failure WeChat Pay may hold the attempt as PAYERROR: close it and let the refreshed
  // page place a new out_trade_no rather than paying an attempt we may already count as failed.
  const startOver = useCallback(async () => {
    setState("opening");
    const res = await fetch("/api/v1/payments/wechat/close", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outTradeNo }),
    }).catch(() => null);
    if (res?.ok) router.refresh();
    else setState("fail");
  }, [outTradeNo, router]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void pay();
  }, [pay]);

  return (
    <div className="jsapi" data-testid="jsapi" data-state={state} data-out-trade-no={outTradeNo}>
      {state === "cancel" && (
        <p className="notice" role="alert">
          {labels.payCancelled}
        </p>
      )}
      {state === "fail" && (
        <p className="notice error-text" role="alert">
          {labels.payFailed}
        </p>
      )}
      {state === "confirming" && (
        <p className="muted" role="status">
          {labels.confirming}
        </p>
      )}
      <button
        className="btn block"
        type="button"
        onClick={state === "fail" ? startOver : pay}
        disabled={state === "opening" || state === "confirming"}
      >
        {state === "cancel" || state === "fail" ? labels.payAgain : labels.payNow}
      </button>
    </div>
  );
}
