import {
  CertificateVerifier,
  CompositeVerifier,
  createWechatPayClient,
  PublicKeyVerifier,
  type EncryptionKey,
  type Verifier,
  type WechatPayCallObserver,
  type WechatPayClient,
} from "@/lib/wechatpay";
import type { WechatCredentials } from "@/lib/config";
import type { MerchantIdentity } from "./sources";

/** Everything the domain needs to talk to WeChat Pay, built once per process from credentials. */
export interface WechatContext {
  /** Live credentials, or the simulator playing WeChat Pay for test data (test mode). */
  livemode: boolean;
  client: WechatPayClient;
  verifier: Verifier;
  merchant: MerchantIdentity;
  credentials: WechatCredentials;
  /**
   * The key that encrypts sensitive request fields: WeChat Pay's public key when it verifies,
   * else the newest platform certificate (downloaded first if none is held yet).
   */
  encryptionKey(): Promise<EncryptionKey | null>;
  /** Stops background certificate refresh (tests, shutdown). */
  stop(): void;
}

/**
 * The verifier follows credentials.verifyMode: WeChat Pay's public key, the platform
 * certificates from /v3/certificates (refreshed in the background), or both behind one
 * CompositeVerifier that picks by Wechatpay-Serial (the migration week). `certificates: false`
 * (tests without a certificate endpoint) leaves the certificates out whatever the mode.
 */
export function createWechatContext(
  credentials: WechatCredentials,
  opts: {
    livemode?: boolean;
    certificates?: boolean;
    fetch?: typeof fetch;
    timeoutMs?: number;
    onCall?: WechatPayCallObserver;
  } = {},
): WechatContext {
  const verifiers: Verifier[] = [];
  const mode = credentials.verifyMode;
  if (credentials.publicKey && mode !== "certificates")
    verifiers.push(new PublicKeyVerifier(credentials.publicKey.id, credentials.publicKey.pem));
  // The certificate loader needs the client, and the client needs the verifier: a late-bound ref.
  const ref: { client?: WechatPayClient } = {};
  let certificateVerifier: CertificateVerifier | undefined;
  const wantCertificates = (opts.certificates ?? true) && mode !== "public-key";
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
    // The simulator has no backup host; unset, the client picks api2 for WeChat Pay's own gateway only.
    backupBaseUrl: credentials.mode === "demo" ? null : credentials.gatewayBackup,
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs,
    onCall: opts.onCall,
  });
  ref.client = client;
  const stopRefresh = certificateVerifier?.startAutoRefresh();
  // Demo credentials are the simulator's: test mode unless a caller says otherwise.
  const livemode = opts.livemode ?? credentials.mode === "live";
  return {
    livemode,
    client,
    verifier,
    merchant: { mchId: credentials.mchId, appId: credentials.appId, livemode },
    credentials,
    async encryptionKey() {
      if (credentials.publicKey && mode !== "certificates")
        return { serial: credentials.publicKey.id, publicKey: credentials.publicKey.pem };
      if (!certificateVerifier) return null;
      if (!certificateVerifier.encryptionKey()) await certificateVerifier.refresh().catch(() => undefined);
      return certificateVerifier.encryptionKey();
    },
    stop: () => stopRefresh?.(),
  };
}
