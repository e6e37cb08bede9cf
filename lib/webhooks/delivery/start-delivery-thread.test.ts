import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deliveryThreadFile, startDeliveryThread } from "./start-delivery-thread";

// A stand-in thread speaking the protocol (delivery-thread-protocol.ts): it answers each nudge
// with a round, exits with code 1 when nudged the first time if DIE is set (once per process,
// through a marker file), and on stop answers `stopped`.
function fakeThread(opts: { dieOnceMarker?: string } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "delivery-thread-"));
  const file = path.join(dir, "thread.cjs");
  writeFileSync(
    file,
    `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const marker = ${JSON.stringify(opts.dieOnceMarker ?? null)};
parentPort.on("message", (m) => {
  if (m.type === "nudge") {
    if (marker && !fs.existsSync(marker)) { fs.writeFileSync(marker, "died"); process.exit(1); }
    parentPort.postMessage({ type: "round", delivered: 1, retrying: 0, failed: 0, released: 0 });
  } else if (m.type === "stop") {
    parentPort.postMessage({ type: "stopped" });
  }
});
parentPort.postMessage({ type: "ready", nice: 10 });
`,
  );
  return file;
}

function harness() {
  const listeners = new Set<() => void>();
  const logs: string[] = [];
  const rounds: number[] = [];
  return {
    logs,
    rounds,
    write: () => listeners.forEach((l) => l()),
    deps: {
      onRound: (r: { delivered: number }) => rounds.push(r.delivered),
      log: {
        info: (m: string) => logs.push(`info ${m}`),
        warn: (m: string) => logs.push(`warn ${m}`),
        error: (_o: object, m: string) => logs.push(`error ${m}`),
      },
      onEventsWritten: (l: () => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      restartDelayMs: 50,
    },
  };
}

const until = async (cond: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("startDeliveryThread", () => {
  it("relays nudges, coalescing those of one event-loop turn, and counts the thread's rounds", async () => {
    const h = harness();
    const stop = startDeliveryThread(fakeThread(), h.deps);
    try {
      await until(() => h.logs.some((l) => l === "info webhooks: delivery thread running at nice 10"));
      for (let i = 0; i < 50; i++) h.write(); // one turn: one nudge
      await until(() => h.rounds.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(h.rounds).toEqual([1]);
      h.write();
      await until(() => h.rounds.length === 2);
    } finally {
      await stop();
    }
  });

  it("starts a thread that died again, and stop() waits for it to answer and exit", async () => {
    const h = harness();
    const marker = path.join(mkdtempSync(path.join(tmpdir(), "marker-")), "died");
    const stop = startDeliveryThread(fakeThread({ dieOnceMarker: marker }), h.deps);
    await until(() => h.logs.filter((l) => l.startsWith("info")).length === 1);
    h.write(); // the first nudge kills it
    await until(() => h.logs.some((l) => l.startsWith("warn webhooks: delivery thread exited (code 1)")));
    await until(() => h.logs.filter((l) => l.startsWith("info")).length === 2); // started again
    h.write();
    await until(() => h.rounds.length === 1);
    await stop();
    h.write(); // unsubscribed: nothing is posted to a stopped thread
    await new Promise((r) => setTimeout(r, 100));
    expect(h.rounds).toEqual([1]);
  });

  it("finds the built bundle only where it exists", () => {
    expect(deliveryThreadFile(mkdtempSync(path.join(tmpdir(), "no-build-")))).toBeNull();
  });
});
