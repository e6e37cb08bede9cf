/**
 * `npm run sim -- <command> [args]`: the simulator's control CLI (talks to SIMULATOR_URL,
 * default http://127.0.0.1:3100). `npm run sim -- help` prints usage.
 */
export const USAGE = `WeChat Pay simulator control (SIMULATOR_URL=${process.env.SIMULATOR_URL ?? "http://127.0.0.1:3100"})

usage: npm run sim -- <command> [args]

Orders and clock
  pay <out_trade_no> [--user NAME]     shopper pays (NOTPAY -> SUCCESS, TRANSACTION.SUCCESS sent)
  fail <out_trade_no>                  payment attempt fails (stays NOTPAY, no notification)
  expire <out_trade_no>                order expires now (-> CLOSED)
  advance <seconds|30m|2h|1d>          advance the business clock (time_expire, code/url lifetimes)
  jsapi-fail-next [count]              the next JSAPI / mini-program payment(s) answer fail
Refunds
  settle <out_refund_no>               PROCESSING -> SUCCESS (REFUND.SUCCESS)
  abnormal <out_refund_no>             -> ABNORMAL (REFUND.ABNORMAL)
  close-refund <out_refund_no>         -> CLOSED (REFUND.CLOSED)
Notifications (<ref> = notification id, out_trade_no or out_refund_no: its latest notification)
  resend <ref>                         deliver again (same id, fresh signature)
  duplicate <ref> [count]              deliver count copies at once (default 2)
  stale <ref>                          deliver with a Wechatpay-Timestamp one hour old (must be rejected)
  reorder <ref>                        deliver with JSON fields reordered and re-indented, validly signed
  signtest [url] [--order NO]          send a WECHATPAY/SIGNTEST/ probe (must be rejected)
  hold                                 hold new notifications
  release [--fifo]                     deliver held ones, newest first (out of order) unless --fifo
  deliveries                           the delivery log: every attempt with its HTTP answer
Signing and faults
  signing-mode <public-key|certificate|migration>
  fault <endpoint|*> <kind> [--rate 0..1] [--latency MS] [--count N] [--after]
        kinds: latency error500 error429 timeout drop (transport)
               stale-timestamp bad-signature unsigned reordered-json (2xx answer tampering)
        endpoints: native jsapi h5 query-out-trade-no query-id close refund refund-query
                   certificates tradebill fundflowbill billdownload
  faults                               list faults
  clear-faults [endpoint]
Inspect
  status | orders | refunds | merchant | health
Against a running app (HTTP only; nothing here imports the app)
  miniprogram pay <orderNo|cs_...> [--user NAME] [--app URL]
        the merchant's mini-program: wx.login here -> the app's POST /api/v1/miniprogram/session ->
        its POST /api/v1/payments/wechat/miniprogram -> wx.requestPayment here (paySign checked over
        the mini-program's appid) -> paid; --app defaults to APP_URL or http://localhost:3000
In test mode (calls the app's POST /api/v1/test/trigger)
  trigger <type> [--app URL] [--key sk_test_...]
        the app creates test objects and drives its test-mode simulator so that event comes through
        its real pipeline (like stripe trigger); --app defaults to APP_URL or http://localhost:3000, --key to TEST_API_KEY
        (a sk_test_ key with scope checkout:write)
        types: checkout.session.completed checkout.session.expired payment.succeeded payment.flagged
               refund.created refund.succeeded refund.failed refund.abnormal
`;

/** `miniprogram pay <target>`: the steps of a mini-program payment (simulator/miniprogram-client.ts). */
export interface MiniProgramPayCommand {
  miniProgramPay: { target: string; appUrl: string; user?: string };
}

/** Parses `miniprogram <sub> …`; only `pay` exists. */
export function toMiniProgramCommand(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): MiniProgramPayCommand {
  const { positional: p, flags: f } = flags(argv.slice(1));
  if (p[0] !== "pay") throw new Error("miniprogram: usage: miniprogram pay <orderNo|cs_...> [--user NAME] [--app URL]");
  const target = p[1];
  if (target === undefined || !/^(cs_[0-9A-Za-z]{24,64}|\d{8}-[0-9A-Z]{4,16})$/.test(target))
    throw new Error("miniprogram pay: give an order number (20261201-7Q4K9MXA) or a checkout session id (cs_...)");
  const appUrl = String(f.get("app") ?? env.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const user = f.get("user");
  return { miniProgramPay: { target, appUrl, ...(typeof user === "string" && { user }) } };
}

/** A call to the app rather than to the simulator (`trigger`). */
export interface AppCall {
  url: string;
  key: string;
}

type Json = Record<string, unknown>;

function flags(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const map = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--")) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith("--") && !["--after", "--fifo", "--json"].includes(a)) {
        map.set(a.slice(2), next);
        i++;
      } else map.set(a.slice(2), true);
    } else positional.push(a);
  }
  return { positional, flags: map };
}

export function parseDuration(s: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(s);
  if (!m) throw new Error(`bad duration ${s}`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 } as const)[(m[2] ?? "s") as "s"];
}

/** Maps a command line to a control API call (or, for `trigger`, a call to the app). */
export function toRequest(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): { method: string; path: string; body?: Json; app?: AppCall } | "help" {
  const [cmd, ...rest] = argv;
  const { positional: p, flags: f } = flags(rest);
  const need = (i: number, name: string) => {
    const v = p[i];
    if (v === undefined) throw new Error(`${cmd}: missing <${name}>`);
    return encodeURIComponent(v);
  };
  const num = (k: string) => (typeof f.get(k) === "string" ? Number(f.get(k)) : undefined);
  switch (cmd) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      return "help";
    case "health":
      return { method: "GET", path: "/_sim/health" };
    case "status":
    case "state":
      return { method: "GET", path: "/_sim/state" };
    case "orders":
    case "refunds":
    case "deliveries":
    case "faults":
      return { method: "GET", path: `/_sim/${cmd}` };
    case "merchant":
      return { method: "GET", path: "/_sim/merchant" };
    case "pay":
      return {
        method: "POST",
        path: `/_sim/orders/${need(0, "out_trade_no")}/pay`,
        body: typeof f.get("user") === "string" ? { user: f.get("user") } : {},
      };
    case "fail":
    case "expire":
      return { method: "POST", path: `/_sim/orders/${need(0, "out_trade_no")}/${cmd}` };
    case "advance":
      return { method: "POST", path: "/_sim/clock/advance", body: { seconds: parseDuration(p[0] ?? "") } };
    case "jsapi-fail-next":
      return { method: "POST", path: "/_sim/jsapi/fail-next", body: { count: Number(p[0] ?? 1) } };
    case "settle":
    case "abnormal":
      return { method: "POST", path: `/_sim/refunds/${need(0, "out_refund_no")}/${cmd}` };
    case "close-refund":
      return { method: "POST", path: `/_sim/refunds/${need(0, "out_refund_no")}/close` };
    case "resend":
    case "duplicate":
      return {
        method: "POST",
        path: `/_sim/notifications/${need(0, "ref")}/${cmd}`,
        body: p[1] ? { count: Number(p[1]) } : {},
      };
    case "stale":
      return { method: "POST", path: `/_sim/notifications/${need(0, "ref")}/stale-timestamp` };
    case "reorder":
      return { method: "POST", path: `/_sim/notifications/${need(0, "ref")}/reordered` };
    case "signtest":
      return {
        method: "POST",
        path: "/_sim/signtest",
        body: {
          ...(p[0] ? { url: p[0] } : {}),
          ...(typeof f.get("order") === "string" ? { out_trade_no: f.get("order") } : {}),
        },
      };
    case "hold":
      return { method: "POST", path: "/_sim/notifications/hold" };
    case "release":
      return { method: "POST", path: "/_sim/notifications/release", body: { reverse: !f.has("fifo") } };
    case "signing-mode":
      return { method: "POST", path: "/_sim/signing-mode", body: { mode: p[0] } };
    case "fault":
      return {
        method: "POST",
        path: "/_sim/faults",
        body: {
          endpoint: p[0] ?? "*",
          kind: p[1],
          rate: num("rate"),
          latencyMs: num("latency"),
          count: num("count"),
          phase: f.has("after") ? "after" : "before",
        },
      };
    case "clear-faults":
      return { method: "DELETE", path: `/_sim/faults${p[0] ? `?endpoint=${encodeURIComponent(p[0])}` : ""}` };
    case "trigger": {
      // The app validates the type (its list is the truth); the key is only checked for presence here.
      const type = p[0];
      if (type === undefined) throw new Error("trigger: missing <type>; see npm run sim -- help");
      const url = String(f.get("app") ?? env.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
      const key = f.get("key") ?? env.TEST_API_KEY;
      if (typeof key !== "string" || key === "") throw new Error("trigger: give --key sk_test_... or TEST_API_KEY");
      return { method: "POST", path: "/api/v1/test/trigger", body: { type }, app: { url, key } };
    }
    default:
      throw new Error(`unknown command ${cmd}; try: npm run sim -- help`);
  }
}

async function main(): Promise<void> {
  const base = (process.env.SIMULATOR_URL ?? "http://127.0.0.1:3100").replace(/\/$/, "");
  if (process.argv[2] === "miniprogram") return miniProgramMain(base);
  let req: ReturnType<typeof toRequest>;
  try {
    req = toRequest(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (req === "help") {
    console.log(USAGE);
    return;
  }
  const target = req.app ? req.app.url : base;
  let res: Response;
  try {
    res = await fetch(`${target}${req.path}`, {
      method: req.method,
      headers: {
        ...(req.body ? { "Content-Type": "application/json" } : {}),
        ...(req.app ? { Authorization: `Bearer ${req.app.key}` } : {}),
      },
      body: req.body ? JSON.stringify(req.body) : undefined,
    });
  } catch (e) {
    console.error(
      req.app
        ? `cannot reach the app at ${target} (${(e as Error).message}); start it with npm start, or give --app`
        : `cannot reach the simulator at ${base} (${(e as Error).message}); start it with npm run simulator`,
    );
    process.exit(1);
  }
  const text = await res.text();
  try {
    console.log(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    console.log(text);
  }
  if (!res.ok) process.exit(1);
}

async function miniProgramMain(simulatorUrl: string): Promise<void> {
  let cmd: MiniProgramPayCommand;
  try {
    cmd = toMiniProgramCommand(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const { payFromMiniProgram } = await import("./miniprogram-client");
  try {
    const result = await payFromMiniProgram({ simulatorUrl, ...cmd.miniProgramPay });
    console.log(JSON.stringify(result, null, 2));
    if (!result.ok) process.exit(1);
  } catch (e) {
    console.error(`cannot reach the app or the simulator (${(e as Error).message})`);
    process.exit(1);
  }
}

if (require.main === module) void main();
