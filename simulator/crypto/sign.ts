import { createSign, type KeyObject } from "node:crypto";

/** RSASSA-PKCS1-v1_5 + SHA-256, standard Base64. */
export function rsaSign(message: string, privateKey: KeyObject | string): string {
  const signer = createSign("RSA-SHA256");
  signer.update(message, "utf8");
  return signer.sign(privateKey, "base64");
}

/** The five-line request message: METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n */
export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The three-line response / notification message: TIMESTAMP\nNONCE\nBODY\n */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** JSAPI / mini-program paySign message: appId\ntimeStamp\nnonceStr\npackage\n */
export function paySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}
