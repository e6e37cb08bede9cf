import { loadPrivateKey, type PrivateKeyInput } from "./keys";
import { createNonce } from "./nonce";
import { joinLines, signMessage } from "./sign-message";
import { ValidationError } from "./errors";

export interface JsapiPayParamsInput {
  appid: string;
  prepayId: string;
  privateKey: PrivateKeyInput;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  nonce?: string;
}

/** `WeixinJSBridge.invoke('getBrandWCPayRequest', bridge, cb)` in the WeChat browser. */
export interface BridgePayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: "RSA";
  paySign: string;
}

/** `wx.requestPayment({...miniProgram, success, fail})` in a mini-program (no appId). */
export type MiniProgramPayParams = Omit<BridgePayParams, "appId">;

/** paySign signs `appId\ntimeStamp\nnonceStr\npackage\n` (signType is not signed). */
export function buildJsapiPayParams(input: JsapiPayParamsInput): {
  bridge: BridgePayParams;
  miniProgram: MiniProgramPayParams;
} {
  if (!/^[\w-]{1,64}$/.test(input.prepayId)) throw new ValidationError("prepay_id", "is not a prepay id");
  const timeStamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonceStr = input.nonce ?? createNonce();
  const pkg = `prepay_id=${input.prepayId}`;
  const paySign = signMessage(joinLines(input.appid, timeStamp, nonceStr, pkg), loadPrivateKey(input.privateKey));
  const miniProgram: MiniProgramPayParams = { timeStamp, nonceStr, package: pkg, signType: "RSA", paySign };
  return { bridge: { appId: input.appid, ...miniProgram }, miniProgram };
}
