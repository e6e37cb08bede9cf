/**
 * Checks WeChat Pay signatures for the key named by `Wechatpay-Serial`.
 * Mirrors wechatpay-go's Verifier: tiny, several implementations, chosen by serial.
 */
export interface Verifier {
  /** True when a key for `serial` is held right now. */
  has(serial: string): boolean;
  /** SHA256withRSA check of `message` against the key for `serial`; false when unknown or wrong. */
  verify(serial: string, message: string, signatureB64: string): boolean;
  /**
   * Optional: called once when `serial` is unknown. May fetch new keys (rate limited by the
   * implementation); resolves to whether `serial` is known afterwards.
   */
  refreshFor?(serial: string): Promise<boolean>;
  /** Optional: the serial to announce in the request `Wechatpay-Serial` header. */
  preferredSerial?(): string | undefined;
}
