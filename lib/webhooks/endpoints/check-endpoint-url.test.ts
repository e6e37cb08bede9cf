import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { checkEndpointUrl, type EndpointUrlPolicy, type LookupAll } from "./check-endpoint-url";

const LIVE: EndpointUrlPolicy = { allowPrivate: false, allowLoopback: false };
const DEMO: EndpointUrlPolicy = { allowPrivate: false, allowLoopback: true };
const PRIVATE: EndpointUrlPolicy = { allowPrivate: true, allowLoopback: false };

/** A fake DNS: names below, anything else does not resolve. */
const DNS: Record<string, string[]> = {
  "shop.example.com": ["203.0.114.10", "2606:4700::1"],
  localhost: ["127.0.0.1", "::1"],
  "sneaky.example.com": ["127.0.0.1"],
  "half.example.com": ["93.184.216.34", "10.0.0.7"],
  "metadata.example.com": ["169.254.169.254"],
  "intranet.example.com": ["192.168.1.20"],
};
const lookup: LookupAll = async (host) => {
  const a = DNS[host];
  if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return a.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

async function problem(url: string, policy: EndpointUrlPolicy): Promise<string> {
  try {
    await checkEndpointUrl(url, policy, lookup);
  } catch (err) {
    expect(err).toBeInstanceOf(ZodError);
    const issue = (err as ZodError).issues[0]!;
    expect(issue.path).toEqual(["url"]);
    return issue.message;
  }
  throw new Error(`${url} was accepted`);
}

describe("checkEndpointUrl", () => {
  it.each([
    ["https://shop.example.com/hooks", LIVE],
    ["https://shop.example.com:8443/a?b=c", LIVE],
    ["https://8.8.8.8/h", LIVE],
    ["http://127.0.0.1:4000/hook", DEMO],
    ["http://localhost:4000/hook", DEMO],
    ["http://[::1]:4000/hook", DEMO],
    ["https://localhost/hook", DEMO],
    ["http://shop.example.com/hooks", PRIVATE],
    ["http://10.0.0.5/hooks", PRIVATE],
    ["https://169.254.169.254/latest", PRIVATE],
    ["http://intranet.example.com/h", PRIVATE],
  ] as const)("accepts %s", async (url, policy) => {
    await expect(checkEndpointUrl(url, policy, lookup)).resolves.toBe(new URL(url).toString());
  });

  it.each([
    ["not a url", LIVE, "absolute URL"],
    ["/relative/path", LIVE, "absolute URL"],
    ["ftp://shop.example.com/x", LIVE, "https"],
    ["http://shop.example.com/hooks", LIVE, "WEBHOOK_ALLOW_PRIVATE=1"],
    ["http://shop.example.com/hooks", DEMO, "loopback receivers only"],
    ["http://127.0.0.1:4000/hook", LIVE, "https"],
    ["https://user:pw@shop.example.com/h", LIVE, "user name or password"],
    ["https://user@shop.example.com/h", PRIVATE, "user name or password"],
    ["https://shop.example.com/h#frag", LIVE, "fragment"],
    ["https://10.1.2.3/h", LIVE, "resolves to 10.1.2.3"],
    ["https://169.254.169.254/latest/meta-data", LIVE, "resolves to 169.254.169.254"],
    ["https://[::1]/h", LIVE, "resolves to ::1"],
    ["https://localhost/h", LIVE, "resolves to 127.0.0.1"],
    ["https://sneaky.example.com/h", LIVE, "resolves to 127.0.0.1"],
    ["https://half.example.com/h", LIVE, "resolves to 10.0.0.7"],
    ["https://metadata.example.com/h", DEMO, "resolves to 169.254.169.254"],
    ["https://intranet.example.com/h", DEMO, "resolves to 192.168.1.20"],
    ["https://2130706433/h", LIVE, "resolves to 127.0.0.1"],
    ["https://nowhere.invalid/h", LIVE, "does not resolve"],
    [`https://shop.example.com/${"a".repeat(2100)}`, LIVE, "at most 2048"],
  ] as const)("refuses %s", async (url, policy, message) => {
    expect(await problem(url, policy)).toContain(message);
  });

  it("resolves every address of the host (all: true)", async () => {
    const asked: unknown[] = [];
    await checkEndpointUrl("https://shop.example.com/h", LIVE, async (host, opts) => {
      asked.push([host, opts]);
      return lookup(host, opts);
    });
    expect(asked).toEqual([["shop.example.com", { all: true }]]);
  });
});
