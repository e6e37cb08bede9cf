// Public surface of the WeChat Pay API v3 merchant library. Framework-free: node:crypto + zod.
export * from "./errors";
export {
  buildAuthorization,
  buildRequestMessage,
  SIGNATURE_SCHEME,
  type AuthorizationInput,
} from "./build-authorization";
export { signMessage, verifyMessage, joinLines } from "./sign-message";
export { createNonce } from "./nonce";
export { isWechatText } from "./validation";
export { loadPrivateKey, loadPublicKey, type PrivateKeyInput, type PublicKeyInput } from "./keys";
export type { Clock, Instant } from "./clock";
export { getHeader, type HeadersLike } from "./headers";
export type { Verifier } from "./verifier";
export { PublicKeyVerifier } from "./public-key-verifier";
export { CertificateVerifier, type CertificateVerifierOptions, type PlatformCertificate } from "./certificate-verifier";
export { CompositeVerifier } from "./composite-verifier";
export {
  verifySignedPayload,
  verifySignedPayloadSync,
  verifyResponseSignature,
  TIMESTAMP_WINDOW_SECONDS,
  type SignedPayloadInput,
  type VerifiedHeaders,
} from "./verify-signed-payload";
export { decryptAesGcm, encryptAesGcm, apiV3KeyBytes, type AesGcmInput } from "./aes-gcm";
export * from "./resources";
export { parseNotification, type ParseNotificationInput, type ParsedNotification } from "./parse-notification";
export {
  buildJsapiPayParams,
  type JsapiPayParamsInput,
  type BridgePayParams,
  type MiniProgramPayParams,
} from "./jsapi-pay-params";
export type { OrderInput, JsapiOrderInput, H5OrderInput } from "./orders";
export type { AbnormalRefundInput, RefundInput } from "./refunds";
export { encryptSensitive, type EncryptionKey } from "./encrypt-sensitive";
export type { AccountType, BillType, TarType, TradeBill } from "./bills";
export type { WithRequestId } from "./call-api";
export type { FetchLike, WechatPayCall, WechatPayCallObserver } from "./transport";
export { createWechatPayClient, type WechatPayClient, type WechatPayClientOptions } from "./client";
export {
  buildSignedNotification,
  signResponseHeaders,
  generateTestKeyPair,
  type SignedNotificationInput,
  type SignedHeadersInput,
} from "./testing";
