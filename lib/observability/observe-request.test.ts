import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, getLogger, type Logger } from "./logger";
import { observeRequest } from "./observe-request";

const KEY = Symbol.for("wxpay.logger");
const holder = globalThis as Record<symbol, Logger | undefined>;
const saved = holder[KEY];

function captureProcessLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString("utf8").split("\n")) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  holder[KEY] = createLogger({ level: "debug", destination: stream });
  return lines;
}

async function accessLine(path: string, status: number) {
  const lines = captureProcessLogger();
  await observeRequest(new Request(`http://127.0.0.1${path}`, { method: "POST" }), undefined, async () =>
    status === 204 ? new Response(null, { status }) : Response.json({}, { status }),
  );
  return lines.find((l) => l.msg === "request");
}

afterEach(() => {
  holder[KEY] = saved;
});

describe("the access line", () => {
  it("is debug for a notification answered 2xx, info when it was refused or failed, info elsewhere", async () => {
    expect(await accessLine("/api/v1/payments/wechat/notify", 204)).toMatchObject({ level: "debug", status: 204 });
    expect(await accessLine("/api/v1/payments/wechat/notify/test", 204)).toMatchObject({ level: "debug" });
    expect(await accessLine("/api/v1/payments/wechat/notify", 401)).toMatchObject({ level: "info", status: 401 });
    expect(await accessLine("/api/v1/payments/wechat/notify", 500)).toMatchObject({ level: "info" });
    expect(await accessLine("/api/v1/orders", 204)).toMatchObject({ level: "info", component: "http" });
  });

  it("is debug for a Checkout Session created (2xx), info for a refusal and for its sub-routes", async () => {
    expect(await accessLine("/api/v1/checkout/sessions", 201)).toMatchObject({ level: "debug", status: 201 });
    expect(await accessLine("/api/v1/checkout/sessions", 400)).toMatchObject({ level: "info", status: 400 });
    expect(await accessLine("/api/v1/checkout/sessions", 429)).toMatchObject({ level: "info" });
    expect(await accessLine("/api/v1/checkout/sessions/cs_x", 200)).toMatchObject({ level: "info" });
  });

  it("one child logger per component and root", () => {
    captureProcessLogger();
    expect(getLogger("notify")).toBe(getLogger("notify"));
    expect(getLogger("notify")).not.toBe(getLogger("http"));
  });
});
