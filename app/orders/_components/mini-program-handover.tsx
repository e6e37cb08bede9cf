"use client";
import { useState } from "react";

declare global {
  interface Window {
    /** WeChat's JS-SDK (jweixin) inside a mini-program web-view. */
    wx?: { miniProgram?: { navigateTo(opts: { url: string; fail?: () => void }): void } };
    __wxjs_environment?: string;
  }
}

export interface MiniProgramHandoverLabels {
  miniProgramTitle: string;
  miniProgramHint: string;
  miniProgramContinue: string;
  miniProgramUnavailable: string;
}

/**
 * In a mini-program web-view, where WeChat Pay cannot open: says so and hands the shopper to the
 * mini-program's own pay page (`url`, see lib/checkout/mini-program-web-view), which pays
 * natively with wx.requestPayment. Nothing here places a prepay or asks for an openid.
 */
export function MiniProgramHandover({ url, labels }: { url: string; labels: MiniProgramHandoverLabels }) {
  const [failed, setFailed] = useState(false);
  const handOver = () => {
    const mp = window.wx?.miniProgram;
    if (!mp) return setFailed(true);
    setFailed(false);
    mp.navigateTo({ url, fail: () => setFailed(true) });
  };
  return (
    <div className="jsapi" data-testid="miniprogram-handover" data-url={url}>
      <p className="notice" role="status">
        <strong>{labels.miniProgramTitle}</strong>
        <br />
        {labels.miniProgramHint}
      </p>
      {failed && (
        <p className="notice error-text" role="alert">
          {labels.miniProgramUnavailable}
        </p>
      )}
      <button className="btn block" type="button" onClick={handOver}>
        {labels.miniProgramContinue}
      </button>
    </div>
  );
}
