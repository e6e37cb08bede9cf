import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beijingDate } from "../clock";
import { tradeBill, type BillType } from "../bill";
import { fundFlowBill, type AccountType } from "../fund-flow-bill";
import type { SimContext } from "../context";
import { nonce } from "../crypto/nonce";
import { WxError, json, paramError, type SimResponse } from "../http";
import type { Route } from "./types";

const DOWNLOAD_LIFETIME_MS = 5 * 60 * 1000;

function billDate(ctx: SimContext, url: URL): string {
  const date = url.searchParams.get("bill_date") ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw paramError("bill_date", "must be YYYY-MM-DD", date, "query");
  if (date > beijingDate(ctx.clock.now())) throw paramError("bill_date", "must not be in the future", date, "query");
  return date;
}

function tarType(url: URL): "GZIP" | null {
  const tar = url.searchParams.get("tar_type");
  if (tar !== null && tar !== "GZIP") throw paramError("tar_type", "must be GZIP", tar, "query");
  return tar;
}

/** Stores the file for a 5-minute download; with GZIP it is served compressed, hashed uncompressed. */
function serveBill(ctx: SimContext, csv: string, rows: number, tar: "GZIP" | null): SimResponse {
  if (rows === 0) throw new WxError(400, "NO_STATEMENT_EXIST", "账单文件不存在 (no bill for that date)");
  const plain = Buffer.from(csv, "utf8");
  const content = tar === "GZIP" ? gzipSync(plain) : plain;
  const token = nonce(32);
  ctx.store.bills.set(token, { content, gzip: tar === "GZIP", expires_at: ctx.clock.now() + DOWNLOAD_LIFETIME_MS });
  return json(200, {
    hash_type: "SHA1",
    hash_value: createHash("sha1").update(plain).digest("hex"),
    download_url: `${ctx.baseUrl()}/v3/billdownload/file?token=${token}`,
  });
}

export const billRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/v3\/bill\/tradebill$/,
    endpoint: "tradebill",
    handle({ ctx, url }): SimResponse {
      const date = billDate(ctx, url);
      const type = (url.searchParams.get("bill_type") ?? "ALL") as BillType;
      if (!["ALL", "SUCCESS", "REFUND"].includes(type))
        throw paramError("bill_type", "must be ALL, SUCCESS or REFUND", type, "query");
      const tar = tarType(url);
      const { csv, rows } = tradeBill(ctx, date, type);
      return serveBill(ctx, csv, rows, tar);
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/bill\/fundflowbill$/,
    endpoint: "fundflowbill",
    handle({ ctx, url }): SimResponse {
      const date = billDate(ctx, url);
      const account = (url.searchParams.get("account_type") ?? "BASIC") as AccountType;
      if (!["BASIC", "OPERATION", "FEES"].includes(account))
        throw paramError("account_type", "must be BASIC, OPERATION or FEES", account, "query");
      const tar = tarType(url);
      const { csv, rows } = fundFlowBill(ctx, date, account);
      return serveBill(ctx, csv, rows, tar);
    },
  },
  {
    method: "GET",
    pattern: /^\/v3\/billdownload\/file$/,
    endpoint: "billdownload",
    handle({ ctx, url }): SimResponse {
      const token = url.searchParams.get("token") ?? "";
      const bill = ctx.store.bills.get(token);
      if (!bill || bill.expires_at < ctx.clock.now()) {
        ctx.store.bills.delete(token);
        throw new WxError(400, "INVALID_REQUEST", "下载链接已过期 (download URL expired or unknown)");
      }
      // The file is not signed: the merchant checks its SHA1 against hash_value.
      const type = bill.gzip ? "application/octet-stream" : "text/plain; charset=utf-8";
      return { status: 200, headers: { "Content-Type": type }, body: bill.content, sign: false };
    },
  },
];
