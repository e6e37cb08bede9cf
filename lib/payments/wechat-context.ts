import {
  CertificateVerifier,
  CompositeVerifier,
  createWechatPayClient,
  PublicKeyVerifier,
  type Verifier,
  type WechatPayCallObserver,
  type WechatPayClient,
} from "@/lib/wechatpay";
import type { WechatCredentials } from "@/lib/config";
import type { MerchantIdentity } from "./sources";

/** Everything the domain needs to talk to WeChat Pay, built once per process from credentials. */
export interface WechatContext {
  client: WechatPayClient;
  verifier: Verifier;
  merchant: MerchantIdentity;
  credentials: WechatCredentials;
  /** Stops background certificate refresh (tests, shutdown). */
  stop(): void;
}

/**
 * Public-key mode when a WeChat Pay public key is configured, plus platform certificates from
 * /v3/certificates as well (migration: both serial kinds verify) unless `certificates: false`.
 * In live certificate-only mode the certificate verifier is the only one.
 */
export function createWechatContext(
  credentials: WechatCredentials,
  opts: { certificates?: boolean; fetch?: typeof fetch; timeoutMs?: number; onCall?: WechatPayCallObserver } = {},
): WechatContext {
  const verifiers: Verifier[] = [];
  if (credentials.publicKey) verifiers.push(new PublicKeyVerifier(credentials.publicKey.id, credentials.publicKey.pem));
  // The certificate loader needs the client, and the client needs the verifier: a late-bound ref.
  const ref: { client?: WechatPayClient } = {};
  let certificateVerifier: CertificateVerifier | undefined;
  const wantCertificates = opts.certificates ?? !credentials.publicKey;
  if (wantCertificates) {
    // Only called once requests flow, after the client below exists.
    certificateVerifier = new CertificateVerifier({ load: () => ref.client!.fetchCertificates() });
    verifiers.push(certificateVerifier);
  }
  const verifier = verifiers.length === 1 ? verifiers[0]! : new CompositeVerifier(verifiers);
  const client = createWechatPayClient({
    mchid: credentials.mchId,
    appid: credentials.appId,
    serialNo: credentials.certSerialNo,
    privateKey: credentials.privateKeyPem,
    apiV3Key: credentials.apiV3Key,
    verifier,
    baseUrl: credentials.gateway,
    // The simulator has no backup host; the real gateway fails over to api2.
    backupBaseUrl: credentials.mode === "demo" ? null : undefined,
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs,
    onCall: opts.onCall,
  });
  ref.client = client;
  const stopRefresh = certificateVerifier?.startAutoRefresh();
  return {
    client,
    verifier,
    merchant: { mchId: credentials.mchId, appId: credentials.appId },
    credentials,
    stop: () => stopRefresh?.(),
  };
}
