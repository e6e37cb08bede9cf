import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { endLongLivedResponses, shutdownSignal } from "@/lib/lifecycle/shutdown-state";
import {
  openStreamCount,
  registerOpenStream,
  tickOpenStreams,
  unregisterOpenStream,
  type OpenStream,
} from "./open-status-streams";

/** A stream that records what the registry did to it, and unregisters on close as the real one does. */
function fakeStream(endsAt: number) {
  const log: string[] = [];
  const s: OpenStream = {
    endsAt,
    heartbeat: () => log.push("ping"),
    close: () => {
      log.push("close");
      unregisterOpenStream(s);
    },
  };
  return { s, log };
}

describe("open status streams", () => {
  it("one tick pings the open streams and ends those past their lifetime", () => {
    const now = 1_000_000;
    const live = fakeStream(now + 60_000);
    const expired = fakeStream(now - 1);
    expect(registerOpenStream(live.s)).toBe(true);
    expect(registerOpenStream(expired.s)).toBe(true);
    expect(openStreamCount()).toBe(2);
    tickOpenStreams(now);
    expect(live.log).toEqual(["ping"]);
    expect(expired.log).toEqual(["close"]);
    expect(openStreamCount()).toBe(1);
    tickOpenStreams(now + 60_000);
    expect(live.log).toEqual(["ping", "close"]);
    expect(openStreamCount()).toBe(0);
  });

  it("5,000 streams put one listener on the shutdown signal, and shutdown ends every one", () => {
    const streams = Array.from({ length: 5000 }, () => fakeStream(Date.now() + 3_600_000));
    for (const { s } of streams) registerOpenStream(s);
    expect(getEventListeners(shutdownSignal(), "abort")).toHaveLength(1);
    endLongLivedResponses();
    expect(streams.every(({ log }) => log.join() === "close")).toBe(true);
    expect(openStreamCount()).toBe(0);
    // After shutdown a new stream is refused (its caller ends it at once).
    expect(registerOpenStream(fakeStream(Date.now() + 60_000).s)).toBe(false);
    expect(openStreamCount()).toBe(0);
  });
});
