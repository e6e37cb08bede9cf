// Where a server's CPU went, by stage of notification ingest: reads the .cpuprofile files that
// `npm run bench:notify -- --cpu-prof DIR` leaves, maps each sampled frame in the built app's
// chunks back to its source file through the build's source maps, and charges every sample to
// the innermost frame that belongs to a stage (a JSON.parse called by pg is SQL, one called by
// parseNotification is parse). Idle samples are left out: the shares are of busy time.
//   npx tsx bench/lib/cpu-profile-stages.ts DIR/CPU.*.cpuprofile
// Samples are taken on the thread's own stack, so work that runs in a later callback (a socket
// read finishing a stream) is charged to what that callback belongs to, not to the await that
// waits for it: stream plumbing counts as framework unless a stage's own frame is on the stack.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A slice of a profile in CLOCK_MONOTONIC microseconds (V8's profile clock on Linux). */
export interface Window {
  fromUs: number;
  toUs: number;
}

export const STAGES = [
  "framework",
  "proxy (middleware)",
  "body read",
  "verify",
  "decrypt",
  "parse",
  "SQL",
  "key auth",
  "rate limit",
  "session (pricing, idempotency, response)",
  "logging, metrics",
  "handler glue",
  "webhook delivery",
  "webhook HTTP client",
  "garbage collection",
] as const;
export type Stage = (typeof STAGES)[number];

// Innermost match wins; `where` is the frame's source path (after source maps) or node: URL.
const RULES: { stage: Stage; where: RegExp }[] = [
  { stage: "logging, metrics", where: /node_modules\/(pino|@pinojs|sonic-boom|prom-client|thread-stream)\//i },
  { stage: "logging, metrics", where: /lib\/observability\/(logger|metrics|redact|observe-request)/ },
  { stage: "SQL", where: /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\// },
  {
    stage: "SQL",
    where: /lib\/db\/hot-sql|lib\/payments\/notifications\/apply-success-fast|lib\/payments\/status-push/,
  },
  {
    stage: "verify",
    where:
      /lib\/wechatpay\/(verify-signed-payload|sign-message|public-key-verifier|composite-verifier|certificate-verifier|headers)|node:internal\/crypto\/sig/,
  },
  { stage: "decrypt", where: /lib\/wechatpay\/aes-gcm|node:internal\/crypto\/cipher/ },
  { stage: "parse", where: /lib\/wechatpay\/(parse-notification|resources|validation)|node_modules\/zod\// },
  { stage: "body read", where: /lib\/payments\/notifications\/read-body-limited|lib\/http\/read-json/ },
  // POST /api/v1/checkout/sessions (bench:sessions): zod is "parse" above, pg is "SQL".
  { stage: "proxy (middleware)", where: /(^|\/)proxy\.ts$|lib\/http\/security-headers|lib\/observability\/request-id/ },
  { stage: "key auth", where: /lib\/api-keys\/|node:internal\/crypto\/hash/ },
  { stage: "rate limit", where: /lib\/http\/rate-limit/ },
  { stage: "session (pricing, idempotency, response)", where: /lib\/checkout-sessions\/|lib\/checkout\// },
  // The outgoing POSTs (node's client side only; the server side of node:http is framework).
  { stage: "webhook HTTP client", where: /node:_http_client|node:_http_agent|lib\/webhooks\/delivery\/post-webhook/ },
  {
    stage: "webhook delivery",
    where: /lib\/(webhooks|event-objects)\/|lib\/orders\/order-object|lib\/refunds\/refund-object/,
  },
  { stage: "handler glue", where: /lib\/(payments|http|events|wechatpay|db|config)\/|app\/api\// },
];

function sourceOf(frame: CallFrame, maps: Map<string, SourceMap | null>): string {
  const { url } = frame;
  if (!url.startsWith("file://")) return url;
  const file = fileURLToPath(url);
  if (!file.includes("/.next/server/")) return file;
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  return entry?.originalSource ?? file;
}

function classify(source: string, functionName: string): Stage | null {
  if (functionName === "(garbage collector)") return "garbage collection";
  for (const r of RULES) if (r.where.test(source)) return r.stage;
  return null;
}

/** Busy microseconds per stage (everything not matched is framework) and the idle time. */
export function stagesOf(
  profile: CpuProfile,
  window?: Window,
): { busyUs: number; idleUs: number; byStage: Map<Stage, number> } {
  const maps = new Map<string, SourceMap | null>();
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const own = new Map<number, Stage | null>();
  const stageOfNode = (id: number): Stage => {
    // Innermost first: the leaf, then its callers.
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      let s = own.get(at);
      if (s === undefined) {
        const f = byId.get(at)!.callFrame;
        s = classify(sourceOf(f, maps), f.functionName);
        own.set(at, s);
      }
      if (s) return s;
    }
    return "framework";
  };
  const byStage = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  let idleUs = 0;
  let busyUs = 0;
  const memo = new Map<number, Stage>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] ?? 0;
    at += d;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === "(idle)") return void (idleUs += d);
    busyUs += d;
    let s = memo.get(id);
    if (!s) memo.set(id, (s = stageOfNode(id)));
    byStage.set(s, byStage.get(s)! + d);
  });
  return { busyUs, idleUs, byStage };
}

function main() {
  // --window FROM:TO (monotonic µs, as bench:webhooks prints them) keeps one run of the profile.
  const args = process.argv.slice(2);
  const w = args.indexOf("--window");
  const [fromUs, toUs] = w >= 0 ? args.splice(w, 2)[1]!.split(":").map(Number) : [];
  const window = fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : undefined;
  const files = args;
  if (!files.length) {
    console.log("usage: npx tsx bench/lib/cpu-profile-stages.ts [--window FROM:TO] FILE.cpuprofile…");
    process.exit(1);
  }
  for (const file of files) {
    const { busyUs, idleUs, byStage } = stagesOf(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, window);
    console.log(`\n${file}: busy ${(busyUs / 1e6).toFixed(1)} s, idle ${(idleUs / 1e6).toFixed(1)} s`);
    console.log("| stage | share of busy CPU | CPU s |\n|---|---|---|");
    for (const s of STAGES) {
      const us = byStage.get(s)!;
      console.log(`| ${s} | ${((us / busyUs) * 100).toFixed(1)} % | ${(us / 1e6).toFixed(2)} |`);
    }
  }
}

if (process.argv[1] && /cpu-profile-stages\.ts$/.test(process.argv[1])) main();
