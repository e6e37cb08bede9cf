import { createHash, timingSafeEqual } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { callApi, type ClientContext, type WithRequestId } from "./call-api";
import { BillHashMismatchError, ValidationError } from "./errors";
import { send } from "./transport";
import { checkBillDate } from "./validation";

export type BillType = "ALL" | "SUCCESS" | "REFUND";
/** GZIP: the file comes compressed and hash_value is over the decompressed bytes. */
export type TarType = "GZIP";

/** A day's bill is a few MB; more than this decompressed is refused rather than held in memory. */
const MAX_BILL_BYTES = 256 * 1024 * 1024;

const tradeBillSchema = z.object({
  hash_type: z.literal("SHA1"),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.url(),
});
export type TradeBill = z.infer<typeof tradeBillSchema>;

/** GET /v3/bill/tradebill: where to download the day's CSV and its SHA1. */
export async function getTradeBill(
  ctx: ClientContext,
  input: { billDate: string; billType?: BillType; tarType?: TarType },
): Promise<WithRequestId<TradeBill>> {
  const tar = input.tarType ? `&tar_type=${input.tarType}` : "";
  const query = `bill_date=${checkBillDate(input.billDate)}&bill_type=${input.billType ?? "ALL"}${tar}`;
  return callApi(
    ctx,
    { endpoint: "bill.tradebill", method: "GET", pathWithQuery: `/v3/bill/tradebill?${query}` },
    tradeBillSchema,
  );
}

/** WeChat Pay's own hosts: behind a proxy gateway, download_url still names one of these. */
const WECHAT_HOSTS = ["https://api.mch.weixin.qq.com", "https://api2.mch.weixin.qq.com"];

/** Fund-flow accounts: the basic account, the operation account, the fees account. */
export type AccountType = "BASIC" | "OPERATION" | "FEES";

/** GET /v3/bill/fundflowbill: the day's fund flow of one account; same answer shape as the trade bill. */
export async function getFundFlowBill(
  ctx: ClientContext,
  input: { billDate: string; accountType?: AccountType; tarType?: TarType },
): Promise<WithRequestId<TradeBill>> {
  const account = input.accountType ?? "BASIC";
  if (!["BASIC", "OPERATION", "FEES"].includes(account)) {
    throw new ValidationError("account_type", "must be BASIC, OPERATION or FEES");
  }
  const tar = input.tarType ? `&tar_type=${input.tarType}` : "";
  const query = `bill_date=${checkBillDate(input.billDate)}&account_type=${account}${tar}`;
  return callApi(
    ctx,
    { endpoint: "bill.fundflowbill", method: "GET", pathWithQuery: `/v3/bill/fundflowbill?${query}` },
    tradeBillSchema,
  );
}

/**
 * Maps download_url onto our own hosts: the Authorization header must never be sent to a host
 * named by a response, and failover needs the path alone. A URL on the configured gateway or
 * backup keeps its path below their prefix; one on WeChat Pay's own host (what a proxy passes
 * through unchanged) is accepted for the download path only, and still fetched via the gateway.
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
  if (WECHAT_HOSTS.includes(url.origin) && url.pathname.startsWith("/v3/billdownload/")) {
    return `${url.pathname}${url.search}`;
  }
  throw new ValidationError("download_url", "must point at the configured WeChat Pay host");
}

function gunzip(bytes: Buffer, requestId: string | undefined): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_BILL_BYTES });
  } catch (cause) {
    throw new BillHashMismatchError("Bill file is not valid GZIP (tar_type=GZIP)", { requestId, cause });
  }
}

/**
 * Downloads a bill file. The file is not signed: its SHA1 (of the decompressed bytes when it was
 * requested with tar_type=GZIP) must equal hash_value from the bill request, compared in
 * constant time, or BillHashMismatchError is thrown. `text` keeps a leading UTF-8 BOM if the
 * file has one; the bill parsers skip it.
 */
export async function downloadBill(
  ctx: ClientContext,
  downloadUrl: string,
  hashValue: string,
  opts: { tarType?: TarType } = {},
): Promise<{ content: Buffer; text: string; requestId: string | undefined }> {
  if (!/^[0-9a-fA-F]{40}$/.test(hashValue)) throw new ValidationError("hash_value", "must be a SHA1 hex digest");
  const response = await send(ctx.transport, {
    endpoint: "bill.download",
    method: "GET",
    pathWithQuery: downloadPath(ctx, downloadUrl),
  });
  const content = opts.tarType === "GZIP" ? gunzip(response.bytes, response.requestId) : response.bytes;
  const actual = createHash("sha1").update(content).digest();
  if (!timingSafeEqual(actual, Buffer.from(hashValue, "hex"))) {
    throw new BillHashMismatchError("Bill file SHA1 does not match hash_value", { requestId: response.requestId });
  }
  return { content, text: content.toString("utf8"), requestId: response.requestId };
}
