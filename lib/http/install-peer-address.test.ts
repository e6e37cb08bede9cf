import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "./client-ip";
import { installPeerAddress } from "./install-peer-address";

let server: http.Server;
let url = "";

beforeAll(async () => {
  // Installed after the server exists, as under `next start`: the prototype is patched.
  server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  installPeerAddress();
  installPeerAddress(); // idempotent: one wrapper, not two
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it("writes the socket address over whatever the client sent under the header's name", async () => {
  const res = await fetch(url, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6" } });
  expect(await res.text()).toBe("127.0.0.1");
  const plain = await fetch(url);
  expect(await plain.text()).toBe("127.0.0.1");
});
