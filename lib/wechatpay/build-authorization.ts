import { joinLines, signMessage } from "./sign-message";
import type { PrivateKeyInput } from "./keys";

export const SIGNATURE_SCHEME = "WECHATPAY2-SHA256-RSA2048";

export interface AuthorizationInput {
  mchid: string;
  /** Merchant API certificate serial (upper-case hex). */
  serialNo: string;
  privateKey: PrivateKeyInput;
  method: string;
  /** URL without scheme and host: `/v3/pay/transactions/out-trade-no/X?mchid=1`. */
  pathWithQuery: string;
  /** The exact string sent; "" for GET. */
  body: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
}

/** `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` */
export function buildRequestMessage(input: Omit<AuthorizationInput, "mchid" | "serialNo" | "privateKey">): string {
  return joinLines(input.method.toUpperCase(), input.pathWithQuery, input.timestamp, input.nonce, input.body);
}

/** The `Authorization` header value for one request. */
export function buildAuthorization(input: AuthorizationInput): string {
  const signature = signMessage(buildRequestMessage(input), input.privateKey);
  return (
    `${SIGNATURE_SCHEME} mchid="${input.mchid}",nonce_str="${input.nonce}",` +
    `timestamp="${input.timestamp}",serial_no="${input.serialNo}",signature="${signature}"`
  );
}
