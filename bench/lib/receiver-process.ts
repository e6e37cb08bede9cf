// The bench's webhook receiver in a process of its own: on a merchant's side it would be another
// machine, and inside the bench process its `standardwebhooks` verification (a pure-JS HMAC and
// base64) would share one event loop with autocannon, slowing the load generator rather than the
// app. Here it costs the shared 2 cores like any neighbour, and its CPU is read apart
// (processCpuSeconds of its pid). It verifies every delivery exactly as scripts/lib/webhook-receiver
// does and reports each webhook-id's first arrival to the parent over IPC, in batches.
// startReceiverProcess() forks this file (benches run from the repo root); the child runs main().
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startWebhookReceiver } from "../../scripts/lib/webhook-receiver";

type FromChild =
  { kind: "ready"; url: string } | { kind: "arrivals"; arrivals: [string, number][]; unverified: number };

export interface ReceiverProcess {
  url: string;
  pid: number;
  /** First arrival time (ms epoch) of each webhook-id seen so far. */
  arrivals: Map<string, number>;
  /** Deliveries whose signature did not verify. */
  unverified(): number;
  close(): Promise<void>;
}

const FLUSH_MS = 25;

async function main() {
  const receiver = await startWebhookReceiver(JSON.parse(process.env.RECEIVER_SECRETS!) as string[], {
    keepAliveTimeoutMs: Number(process.env.RECEIVER_KEEP_ALIVE_MS),
  });
  const seen = new Set<string>();
  let pending: [string, number][] = [];
  let unverified = 0;
  receiver.answer = (r) => {
    if (!r.verified) unverified += 1;
    if (!seen.has(r.id)) {
      seen.add(r.id);
      pending.push([r.id, r.at]);
    }
    receiver.received.length = 0; // keep memory flat
    return { status: 204 };
  };
  setInterval(() => {
    if (pending.length === 0) return;
    process.send!({ kind: "arrivals", arrivals: pending, unverified } satisfies FromChild);
    pending = [];
  }, FLUSH_MS);
  process.on("disconnect", () => process.exit(0));
  process.send!({ kind: "ready", url: receiver.url } satisfies FromChild);
}

/** `keepAliveTimeoutMs`: the receiver's idle keep-alive (default 5 s; delivery-cost.ts compares 1 s). */
export async function startReceiverProcess(secrets: string[], keepAliveTimeoutMs = 5000): Promise<ReceiverProcess> {
  const child: ChildProcess = fork(path.join(process.cwd(), "bench/lib/receiver-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      RECEIVER_SECRETS: JSON.stringify(secrets),
      RECEIVER_KEEP_ALIVE_MS: String(keepAliveTimeoutMs),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const arrivals = new Map<string, number>();
  let unverified = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`webhook receiver exited (${code})`)));
    child.on("message", (m: FromChild) => {
      if (m.kind === "ready") resolve(m.url);
      else {
        for (const [id, at] of m.arrivals) if (!arrivals.has(id)) arrivals.set(id, at);
        unverified = m.unverified;
      }
    });
  });
  child.removeAllListeners("exit");
  return {
    url,
    pid: child.pid!,
    arrivals,
    unverified: () => unverified,
    close: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

if (process.env.RECEIVER_SECRETS && process.send) void main();
