import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BillHashMismatchError, ValidationError } from "./errors";
import { fakeWechat, makeClient } from "./fixtures/fake-wechat";

const csv = "\uFEFF交易时间,公众账号ID,商户号\n`2027-03-01 12:00:00,`wxd678efh567hg6787,`1230000109\n总交易单数\n`1\n";
const sha1 = createHash("sha1").update(csv).digest("hex");
const downloadUrl =
  "https://api.mch.weixin.qq.com/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO";

describe("trade bill", () => {
  it("requests the bill and downloads the unsigned file, checking its SHA1", async () => {
    const wx = fakeWechat((req) =>
      req.url.includes("/v3/bill/tradebill")
        ? { status: 200, body: JSON.stringify({ hash_type: "SHA1", hash_value: sha1, download_url: downloadUrl }) }
        : { status: 200, body: csv, signed: false },
    );
    const { client } = makeClient(wx.fetch);
    const bill = await client.getTradeBill({ billDate: "2027-03-01", billType: "ALL" });
    expect(wx.seen[0]?.url).toBe("https://api.mch.weixin.qq.com/v3/bill/tradebill?bill_date=2027-03-01&bill_type=ALL");
    const file = await client.downloadBill(bill.download_url, bill.hash_value.toUpperCase());
    expect(file.text).toBe(csv);
    expect(file.content.equals(Buffer.from(csv))).toBe(true);
    expect(wx.seen[1]?.url).toBe(downloadUrl);
    expect(wx.seen[1]?.signatureValid).toBe(true);
  });

  it("rejects a file whose SHA1 differs", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: csv.replace("`1\n", "`2\n"), signed: false }));
    await expect(makeClient(wx.fetch).client.downloadBill(downloadUrl, sha1)).rejects.toThrow(BillHashMismatchError);
  });

  it("never sends the Authorization header to a host the response named", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: csv }));
    const { client } = makeClient(wx.fetch);
    await expect(client.downloadBill("https://evil.example.com/v3/billdownload/file?token=x", sha1)).rejects.toThrow(
      ValidationError,
    );
    await expect(client.downloadBill("https://api.mch.weixin.qq.com.evil.example/v3/x", sha1)).rejects.toThrow(
      ValidationError,
    );
    await expect(client.downloadBill(downloadUrl, "not-a-hash")).rejects.toThrow(ValidationError);
    expect(wx.seen).toHaveLength(0);
  });

  it("fails over a download to the backup host with the same path", async () => {
    const wx = fakeWechat((_req, i) => (i === 0 ? { status: 503 } : { status: 200, body: csv, signed: false }));
    const file = await makeClient(wx.fetch).client.downloadBill(downloadUrl, sha1);
    expect(file.text).toBe(csv);
    expect(wx.seen[1]?.url).toBe(downloadUrl.replace("api.mch", "api2.mch"));
  });
});

describe("download URL mapping", () => {
  it("accepts a simulator base URL with a path prefix and keeps the token query", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: csv, signed: false }));
    const { client } = makeClient(wx.fetch, { baseUrl: "http://127.0.0.1:4010/wx/", backupBaseUrl: null });
    await client.downloadBill("http://127.0.0.1:4010/wx/v3/billdownload/file?token=abc", sha1);
    expect(wx.seen[0]?.url).toBe("http://127.0.0.1:4010/wx/v3/billdownload/file?token=abc");
    expect(wx.seen[0]?.signatureValid).toBe(true);
    await expect(client.downloadBill("http://127.0.0.1:4011/wx/v3/billdownload/file?token=abc", sha1)).rejects.toThrow(
      ValidationError,
    );
  });

  it("behind a proxy gateway: WeChat Pay's own download host is fetched through the proxy", async () => {
    const wx = fakeWechat(() => ({ status: 200, body: csv, signed: false }));
    const { client } = makeClient(wx.fetch, { baseUrl: "https://wxpay-proxy.internal/wechat" });
    const file = await client.downloadBill(downloadUrl, sha1);
    expect(file.text).toBe(csv);
    expect(wx.seen.map((r) => r.url)).toEqual([
      downloadUrl.replace("https://api.mch.weixin.qq.com", "https://wxpay-proxy.internal/wechat"),
    ]);
    // Only the download path is taken from WeChat Pay's host; anything else there is refused.
    await expect(client.downloadBill("https://api.mch.weixin.qq.com/v3/pay/transactions/id/1", sha1)).rejects.toThrow(
      ValidationError,
    );
    await expect(
      client.downloadBill("http://api.mch.weixin.qq.com/v3/billdownload/file?token=x", sha1),
    ).rejects.toThrow(ValidationError);
    expect(wx.seen).toHaveLength(1);
  });
});

describe("backup host", () => {
  it("api2 backs up WeChat Pay's own gateway; a proxy or other host has none unless configured", async () => {
    const failover = async (options: Parameters<typeof makeClient>[1]) => {
      const wx = fakeWechat(() => ({ status: 503 }));
      await makeClient(wx.fetch, { retries: 1, ...options })
        .client.downloadBill(downloadUrl, sha1)
        .catch(() => undefined);
      return wx.seen.map((r) => new URL(r.url).host);
    };
    expect(await failover({})).toEqual(["api.mch.weixin.qq.com", "api2.mch.weixin.qq.com"]);
    expect(await failover({ baseUrl: "https://wxpay-proxy.internal" })).toEqual([
      "wxpay-proxy.internal",
      "wxpay-proxy.internal",
    ]);
    expect(
      await failover({ baseUrl: "https://wxpay-proxy.internal", backupBaseUrl: "https://wxpay-proxy-2.internal" }),
    ).toEqual(["wxpay-proxy.internal", "wxpay-proxy-2.internal"]);
  });
});

describe("tar_type=GZIP", () => {
  const gz = gzipSync(Buffer.from(csv, "utf8"));

  it("asks for GZIP, decompresses, and checks SHA1 over the decompressed bytes (BOM kept)", async () => {
    const wx = fakeWechat((req) =>
      req.url.includes("/v3/bill/tradebill")
        ? { status: 200, body: JSON.stringify({ hash_type: "SHA1", hash_value: sha1, download_url: downloadUrl }) }
        : { status: 200, body: gz, signed: false },
    );
    const { client } = makeClient(wx.fetch);
    const bill = await client.getTradeBill({ billDate: "2027-03-01", tarType: "GZIP" });
    expect(wx.seen[0]?.url).toBe(
      "https://api.mch.weixin.qq.com/v3/bill/tradebill?bill_date=2027-03-01&bill_type=ALL&tar_type=GZIP",
    );
    const file = await client.downloadBill(bill.download_url, bill.hash_value, { tarType: "GZIP" });
    expect(file.text).toBe(csv);
    expect(file.text.startsWith("\uFEFF")).toBe(true);
  });

  it("refuses a GZIP file whose content differs, or that is not GZIP at all", async () => {
    const other = gzipSync(Buffer.from(csv.replace("`1\n", "`2\n"), "utf8"));
    for (const body of [other, Buffer.from(csv, "utf8"), gz.subarray(0, gz.length - 8)]) {
      const wx = fakeWechat(() => ({ status: 200, body, signed: false }));
      await expect(makeClient(wx.fetch).client.downloadBill(downloadUrl, sha1, { tarType: "GZIP" })).rejects.toThrow(
        BillHashMismatchError,
      );
    }
    // Hashing the compressed bytes would be the wrong check: its SHA1 is refused too.
    const wx = fakeWechat(() => ({ status: 200, body: gz, signed: false }));
    const gzSha1 = createHash("sha1").update(gz).digest("hex");
    await expect(makeClient(wx.fetch).client.downloadBill(downloadUrl, gzSha1, { tarType: "GZIP" })).rejects.toThrow(
      BillHashMismatchError,
    );
  });
});

describe("fund-flow bill", () => {
  it("GET /v3/bill/fundflowbill per account, GZIP on request; the same download and hash check", async () => {
    const gz = gzipSync(Buffer.from(csv, "utf8"));
    const wx = fakeWechat((req) =>
      req.url.includes("/v3/bill/fundflowbill")
        ? { status: 200, body: JSON.stringify({ hash_type: "SHA1", hash_value: sha1, download_url: downloadUrl }) }
        : { status: 200, body: gz, signed: false },
    );
    const { client } = makeClient(wx.fetch);
    const meta = await client.getFundFlowBill({ billDate: "2027-03-01", accountType: "FEES", tarType: "GZIP" });
    await client.getFundFlowBill({ billDate: "2027-03-01" });
    expect(wx.seen.map((r) => r.url)).toEqual([
      "https://api.mch.weixin.qq.com/v3/bill/fundflowbill?bill_date=2027-03-01&account_type=FEES&tar_type=GZIP",
      "https://api.mch.weixin.qq.com/v3/bill/fundflowbill?bill_date=2027-03-01&account_type=BASIC",
    ]);
    expect((await client.downloadBill(meta.download_url, meta.hash_value, { tarType: "GZIP" })).text).toBe(csv);
    await expect(client.getFundFlowBill({ billDate: "2027-03-01", accountType: "SAVINGS" as "BASIC" })).rejects.toThrow(
      ValidationError,
    );
    expect(wx.seen).toHaveLength(3);
  });
});
