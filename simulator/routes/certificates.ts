import { rfc3339Beijing } from "../clock";
import { aesGcmEncrypt } from "../crypto/aes-gcm";
import { nonce } from "../crypto/nonce";
import { WxError, json, type SimResponse } from "../http";
import type { Route } from "./types";

export const certificateRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/v3\/certificates$/,
    endpoint: "certificates",
    handle({ ctx }): SimResponse {
      if (ctx.signer.mode === "public-key") {
        throw new WxError(
          404,
          "RESOURCE_NOT_EXISTS",
          "商户当前使用微信支付公钥，无可用的平台证书 (public-key mode: no platform certificates)",
        );
      }
      // Every certificate issued and not expired: during a rotation, the old and the new one.
      return json(200, {
        data: ctx.certificates.listed().map((c) => {
          const iv = nonce(12);
          return {
            serial_no: c.serialNo,
            effective_time: rfc3339Beijing(c.notBefore),
            expire_time: rfc3339Beijing(c.notAfter),
            encrypt_certificate: {
              algorithm: "AEAD_AES_256_GCM",
              nonce: iv,
              associated_data: "certificate",
              ciphertext: aesGcmEncrypt(c.pem, ctx.identity.merchant.apiV3Key, iv, "certificate"),
            },
          };
        }),
      });
    },
  },
];
