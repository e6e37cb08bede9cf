import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { callApi, type ClientContext, type WithRequestId } from "./call-api";
import { BillHashMismatchError, ValidationError } from "./errors";
import { send } from "./transport";
import { checkBillDate } from "./validation";

export type BillType = "ALL" | "SUCCESS" | "REFUND";

const tradeBillSchema = z.object({
  hash_type: z.literal("SHA1"),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.url(),
});
export type TradeBill = z.infer<typeof tradeBillSchema>;

/** GET /v3/bill/tradebill: where to download the day's CSV and its SHA1. */
export async function getTradeBill(
  ctx: ClientContext,
  input: { billDate: string; billType?: BillType },
): Promise<WithRequestId<TradeBill>> {
  const query = `bill_date=${checkBillDate(input.billDate)}&bill_type=${input.billType ?? "ALL"}`;
  return callApi(
    ctx,
    { endpoint: "bill.tradebill", method: "GET", pathWithQuery: `/v3/bill/tradebill?${query}` },
    tradeBillSchema,
  );
}

/**
 * Maps download_url onto our own hosts: the Authorization header must never be sent to a host
 * named by a response, and failover needs the path alone.
 */
function downloadPath(ctx: ClientContext, downloadUrl: string): string {
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    throw new ValidationError("download_url", "must be an absolute URL");
  }
  for (const base of [ctx.transport.baseUrl, ctx.transport.backupBaseUrl]) {
    if (!base) continue;
    const origin = new URL(base);
    const prefix = origin.pathname.replace(/\/+$/, "");
    if (url.origin === origin.origin && url.pathname.startsWith(`${prefix}/`)) {
      return `${url.pathname.slice(prefix.length)}${url.search}`;
    }
  }
  throw new ValidationError("download_url", "must point at the configured WeChat Pay host");
}

/**
 * Downloads a bill file. The file is not signed: its SHA1 must equal hash_value from the
 * bill request (compared in constant time), or BillHashMismatchError is thrown.
 */
export async function downloadBill(
  ctx: ClientContext,
  downloadUrl: string,
  hashValue: string,
): Promise<{ content: Buffer; text: string; requestId: string | undefined }> {
  if (!/^[0-9a-fA-F]{40}$/.test(hashValue)) throw new ValidationError("hash_value", "must be a SHA1 hex digest");
  const response = await send(ctx.transport, {
    endpoint: "bill.download",
    method: "GET",
    pathWithQuery: downloadPath(ctx, downloadUrl),
  });
  const actual = createHash("sha1").update(response.bytes).digest();
  if (!timingSafeEqual(actual, Buffer.from(hashValue, "hex"))) {
    throw new BillHashMismatchError("Bill file SHA1 does not match hash_value", { requestId: response.requestId });
  }
  return { content: response.bytes, text: response.text, requestId: response.requestId };
}
