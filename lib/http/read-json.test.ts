import { describe, expect, it } from "vitest";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors/app-error";
import { errorResponse } from "./error-response";
import { readJson } from "./read-json";

const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A body streamed in 1 KB chunks with no Content-Length, as a chunked upload arrives. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= bytes) return c.close();
      c.enqueue(new TextEncoder().encode(" ".repeat(Math.min(1024, bytes - sent))));
      sent += 1024;
    },
  });
}

describe("readJson", () => {
  it.each(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"])(
    "reads %s",
    async (type) => {
      expect(await readJson(post('{"a":1}', { "content-type": type }))).toEqual({ a: 1 });
    },
  );

  it.each([
    [{}],
    [{ "content-type": "text/plain" }],
    [{ "content-type": "application/x-www-form-urlencoded" }],
    [{ "content-type": "multipart/form-data; boundary=x" }],
    [{ "content-type": "application/jsonp" }],
  ])("refuses %o with 415", async (headers) => {
    await expect(readJson(post("{}", headers))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
  });

  it("caps the body at 16 KB by default: by Content-Length, and while reading a stream without one", async () => {
    expect(await readJson(post(JSON.stringify({ pad: "x".repeat(16 * 1024 - 20) })))).toHaveProperty("pad");
    await expect(readJson(post(JSON.stringify({ pad: "x".repeat(16 * 1024) })))).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    await expect(readJson(post(streamed(100 * 1024)))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readJson(post(streamed(10), { "content-type": "application/json" }), 8)).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    const res = errorResponse(new PayloadTooLargeError(16384));
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      413,
      "PAYLOAD_TOO_LARGE",
    ]);
  });

  it("answers 400 to bodies that are not UTF-8 JSON", async () => {
    for (const body of ["", "{", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const res = await readJson(post(body)).catch(errorResponse);
      expect((res as Response).status).toBe(400);
    }
  });
});
