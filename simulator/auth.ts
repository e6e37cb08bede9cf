import type { Identity } from "./crypto/keys";
import { requestMessage } from "./crypto/sign";
import { parseAuthorization, rsaVerify } from "./crypto/verify";
import { WxError } from "./http";

const WINDOW_SECONDS = 300;

function signError(issue: string, field = "signature"): WxError {
  return new WxError(401, "SIGN_ERROR", `签名错误 (signature error): ${issue}`, {
    field,
    issue,
    location: "authorization",
  });
}

/**
 * Verifies a merchant request's Authorization header over the exact bytes received.
 * Returns the authenticated mchid.
 */
export function verifyRequest(
  identity: Identity,
  req: { method: string; pathWithQuery: string; body: string; authorization: string | undefined },
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const parts = parseAuthorization(req.authorization);
  if ("error" in parts) throw signError(parts.error, "authorization");
  if (parts.mchid !== identity.merchant.mchid) {
    throw new WxError(400, "MCH_NOT_EXISTS", `商户号不存在 (unknown mchid ${parts.mchid})`, {
      field: "mchid",
      location: "authorization",
    });
  }
  if (parts.serial_no.toUpperCase() !== identity.merchant.merchantSerialNo) {
    throw signError("serial_no does not match the merchant API certificate", "serial_no");
  }
  if (!/^\d{1,12}$/.test(parts.timestamp)) throw signError("timestamp is not Unix seconds", "timestamp");
  if (Math.abs(nowSeconds - Number(parts.timestamp)) > WINDOW_SECONDS) {
    throw signError(`timestamp outside ±${WINDOW_SECONDS}s`, "timestamp");
  }
  const message = requestMessage(req.method, req.pathWithQuery, parts.timestamp, parts.nonce_str, req.body);
  if (!rsaVerify(message, parts.signature, identity.merchantPublicKey)) throw signError("signature does not verify");
  return parts.mchid;
}

/** The header mchid must equal a mchid named in the body or query. */
export function assertSameMchid(authMchid: string, named: unknown, location: "body" | "query"): void {
  if (named === undefined) return;
  if (named !== authMchid) {
    throw new WxError(
      400,
      "INVALID_REQUEST",
      "请求头中的商户号与请求中的商户号不一致 (header mchid differs from request mchid)",
      {
        field: "mchid",
        value: named,
        issue: "must equal the mchid in the Authorization header",
        location,
      },
    );
  }
}
