"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { isMiniProgramWebView } from "@/lib/checkout/mini-program-web-view";
import { MiniProgramHandover, type MiniProgramHandoverLabels } from "./mini-program-handover";
import { useGoTo } from "./use-go-to";

type BridgeParams = {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: "RSA";
  paySign: string;
};
type Outcome = "ok" | "cancel" | "fail";

declare global {
  interface Window {
    WeixinJSBridge?: { invoke(name: string, params: BridgeParams, cb: (r: { err_msg?: string }) => void): void };
  }
}

export interface JsapiLabels {
  payNow: string;
  payCancelled: string;
  payFailed: string;
  confirming: string;
  payAgain: string;
}

/** WeChat injects its bridge after the page starts. */
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

/**
 * Opens WeChat's pay sheet (WeixinJSBridge) once on arrival and again on "pay again". `:ok` only
 * means the sheet closed happily: the server is asked for the real status (active query) and
 * only a paid order moves on. A mini-program web-view the server could not tell from its user
 * agent (the JS-SDK's `__wxjs_environment` says so) gets the hand-over instead: it cannot pay.
 */
export function JsapiPay(props: {
  /** Where to go once paid. */
  paidHref: string;
  outTradeNo: string;
  bridge: BridgeParams;
  labels: JsapiLabels;
  handover: { url: string; labels: MiniProgramHandoverLabels };
}) {
  const { paidHref, outTradeNo, bridge, labels, handover } = props;
  const router = useRouter();
  const goTo = useGoTo();
  const [state, setState] = useState<"opening" | "confirming" | "miniprogram" | Outcome>("opening");
  const started = useRef(false);

  const pay = useCallback(async () => {
    if (isMiniProgramWebView({ userAgent: navigator.userAgent, wxjsEnvironment: window.__wxjs_environment }))
      return setState("miniprogram");
    setState("opening");
    const outcome = await invokeBridge(bridge);
    if (outcome !== "ok") return setState(outcome);
    setState("confirming");
    const res = await fetch(`/api/v1/payments/wechat/query/${encodeURIComponent(outTradeNo)}`, {
      cache: "no-store",
    }).catch(() => null);
    const s = res?.ok ? await res.json() : null;
    if (s && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(s.orderStatus)) goTo(paidHref);
    // Otherwise the status watcher on this page keeps asking until the payment shows up.
  }, [bridge, outTradeNo, paidHref, goTo]);

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

  if (state === "miniprogram") return <MiniProgramHandover url={handover.url} labels={handover.labels} />;
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
