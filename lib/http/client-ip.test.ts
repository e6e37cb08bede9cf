import { describe, expect, it } from "vitest";
import { clientAddress, headersFromRecord, normalizeAddress, PEER_ADDRESS_HEADER } from "./client-ip";

const h = (xff: string | undefined, peer = "10.0.0.2") =>
  new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(xff === undefined ? {} : { "x-forwarded-for": xff }) });

describe("clientAddress", () => {
  it("with 0 trusted hops takes the socket peer, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(h(undefined), 0)).toBe("10.0.0.2");
    expect(clientAddress(h("1.1.1.1"), 0)).toBe("10.0.0.2");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.1.1.1", "x-real-ip": "2.2.2.2" }), 0)).toBe("127.0.0.1");
  });

  it.each([
    // [X-Forwarded-For, hops, expected]: the N-th entry from the right is the client.
    ["203.0.113.9", 1, "203.0.113.9"],
    ["6.6.6.6, 203.0.113.9", 1, "203.0.113.9"], // the client prepended a lie; nginx appended the truth
    ["6.6.6.6, 203.0.113.9, 10.1.1.1", 2, "203.0.113.9"], // CDN then load balancer
    ["203.0.113.9, 10.1.1.1", 1, "10.1.1.1"],
  ])("X-Forwarded-For %s with %i hop(s) → %s", (xff, hops, expected) => {
    expect(clientAddress(h(xff), hops)).toBe(expected);
  });

  it("falls back to the peer when the chain is shorter than the hops or the entry is not an address", () => {
    expect(clientAddress(h(undefined), 1)).toBe("10.0.0.2");
    expect(clientAddress(h("203.0.113.9"), 2)).toBe("10.0.0.2");
    expect(clientAddress(h("1.1.1.1, not-an-ip"), 1)).toBe("10.0.0.2");
    expect(clientAddress(h("1.1.1.1, unknown"), 1)).toBe("10.0.0.2");
  });

  it("normalises ports, brackets and IPv4-mapped IPv6", () => {
    expect(clientAddress(h("203.0.113.9:51234"), 1)).toBe("203.0.113.9");
    expect(clientAddress(h("[2001:DB8::1]:443"), 1)).toBe("2001:db8::1");
    expect(clientAddress(h(undefined, "::ffff:192.0.2.7"), 0)).toBe("192.0.2.7");
    expect(normalizeAddress("::1")).toBe("::1");
    expect(normalizeAddress("")).toBeNull();
    expect(normalizeAddress("999.1.1.1")).toBeNull();
  });
});

describe("headersFromRecord", () => {
  it("keeps string and array values, drops the rest", () => {
    const r = headersFromRecord({ "x-forwarded-for": ["1.1.1.1", "2.2.2.2"], [PEER_ADDRESS_HEADER]: "10.0.0.9", n: 3 });
    expect(r.get("x-forwarded-for")).toBe("1.1.1.1, 2.2.2.2");
    expect(clientAddress(r, 0)).toBe("10.0.0.9");
    expect(r.has("n")).toBe(false);
  });
});
