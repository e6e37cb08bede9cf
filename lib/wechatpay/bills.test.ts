import { createHash } from "node:crypto";
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
});
