import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { shortenOpenid } from "./redact";
import { runWithRequestId } from "./request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger({ level: "debug", destination: stream }) };
}

describe("the logger", () => {
  it("writes JSON lines with a level name, a time, and the request id inside a request", () => {
    const { lines, log } = capture();
    log.info("outside");
    runWithRequestId("rid-42", () => log.child({ component: "http" }).warn({ route: "/x" }, "inside"));
    expect(lines[0]).toMatchObject({ level: "info", msg: "outside" });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(typeof lines[0]!.time).toBe("string");
    expect(lines[1]).toMatchObject({
      level: "warn",
      msg: "inside",
      requestId: "rid-42",
      component: "http",
      route: "/x",
    });
  });

  it("redacts keys, secrets, tokens, cookies, Authorization and passwords, at the top and one level down", () => {
    const { lines, log } = capture();
    log.info(
      {
        authorization: "Bearer sk_live",
        password: "hunter2hunter2",
        token: "t0k3n",
        apiV3Key: "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb",
        headers: { authorization: "WECHATPAY2-SHA256-RSA2048 mchid=…", cookie: "next-auth.session-token=abc" },
        endpoint: { secret: "whsec_abc", url: "https://shop.example.com/hook" },
        credentials: { privateKeyPem: "-----BEGIN PRIVATE KEY-----", appSecret: "s3cret" },
      },
      "sensitive",
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of [
      "sk_live",
      "hunter2",
      "t0k3n",
      "a7cde1",
      "mchid=",
      "session-token",
      "whsec_",
      "BEGIN PRIVATE",
      "s3cret",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      authorization: "[Redacted]",
      headers: { authorization: "[Redacted]", cookie: "[Redacted]" },
      endpoint: { secret: "[Redacted]", url: "https://shop.example.com/hook" },
    });
  });

  it("shortens openids instead of writing them", () => {
    const { lines, log } = capture();
    const openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    log.info({ openid, payer: { openid }, resource: { payer: { openid } } }, "payer");
    expect(JSON.stringify(lines[0])).not.toContain(openid);
    expect(lines[0]).toMatchObject({ openid: "oUpF…S6o", payer: { openid: "oUpF…S6o" } });
    expect(shortenOpenid("short")).toBe("…");
    expect(shortenOpenid(42)).toBe("[Redacted]");
  });
});
