import { describe, expect, it } from "vitest";
import { isForbiddenAddress, isLoopbackAddress } from "./address-policy";

describe("isForbiddenAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "not-an-ip",
  ])("refuses %s", (a) => {
    expect(isForbiddenAddress(a)).toBe(true);
  });

  it.each(["1.1.1.1", "172.32.0.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "101.226.103.1"])(
    "allows %s",
    (a) => {
      expect(isForbiddenAddress(a)).toBe(false);
    },
  );

  it("tells loopback apart", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"].every(isLoopbackAddress)).toBe(true);
    expect(["10.0.0.1", "8.8.8.8", "fe80::1"].some(isLoopbackAddress)).toBe(false);
  });
});
