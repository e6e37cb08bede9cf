import { z } from "zod";
import { decryptAesGcm } from "./aes-gcm";
import { parseBody, type ClientContext } from "./call-api";
import { AlgorithmError } from "./errors";
import { CertificateVerifier, type PlatformCertificate } from "./certificate-verifier";
import { CompositeVerifier } from "./composite-verifier";
import { send } from "./transport";
import { verifyResponseSignature } from "./verify-signed-payload";
import type { Verifier } from "./verifier";

const certificatesSchema = z.object({
  data: z.array(
    z.object({
      serial_no: z.string().min(1),
      effective_time: z.string(),
      expire_time: z.string(),
      encrypt_certificate: z.object({
        algorithm: z.string(),
        nonce: z.string().min(1),
        associated_data: z.string(),
        ciphertext: z.string().min(1),
      }),
    }),
  ),
});

/**
 * GET /v3/certificates, decrypted. The AES-GCM tag (APIv3 key) authenticates each certificate,
 * and the response signature is checked with the downloaded certificates themselves plus the
 * configured verifier, as the official SDKs do: the very first download has no other key.
 */
export async function fetchCertificates(ctx: ClientContext): Promise<PlatformCertificate[]> {
  const request = { endpoint: "certificates", method: "GET" as const, pathWithQuery: "/v3/certificates" };
  const response = await send(ctx.transport, request);
  // Decrypt before trusting: parse the shape only to reach the ciphertexts.
  const { data } = parseBody(response, certificatesSchema);
  const certificates = data.map((item): PlatformCertificate => {
    const enc = item.encrypt_certificate;
    if (enc.algorithm !== "AEAD_AES_256_GCM") throw new AlgorithmError(`Unsupported certificate algorithm`);
    return {
      serialNo: item.serial_no.toUpperCase(),
      effectiveTime: item.effective_time,
      expireTime: item.expire_time,
      certificatePem: decryptAesGcm({
        apiV3Key: ctx.apiV3Key,
        nonce: enc.nonce,
        associatedData: enc.associated_data,
        ciphertext: enc.ciphertext,
      }),
    };
  });
  const downloaded = new CertificateVerifier({
    load: async () => certificates,
    initial: certificates,
    clock: ctx.clock,
  });
  await verifyResponseSignature({
    headers: response.headers,
    rawBody: response.text,
    now: ctx.clock(),
    verifier: new CompositeVerifier([downloaded, withoutRefresh(ctx)]),
  });
  return certificates;
}

// Verifying the certificate download must not itself trigger a certificate refresh (recursion).
function withoutRefresh(ctx: ClientContext): Verifier {
  const v = ctx.verifier;
  return { has: (s: string) => v.has(s), verify: (s: string, m: string, sig: string) => v.verify(s, m, sig) };
}
