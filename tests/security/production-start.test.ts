// A production start that forgot its WeChat Pay credentials must stop, not run demo mode:
// `next start` of the build (instrumentation.ts checks the configuration) and `npm start`
// (scripts/start.ts) both exit non-zero naming the missing variables and DEMO_MODE. The
// `next start` case needs the build (skipped without one, failed under CI).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freePort } from "@/scripts/notify-cluster";

/** The caller's environment without any credential or demo switch. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("WECHAT_") && !["DEMO_MODE", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "VITEST"].includes(k),
    ),
  );
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", ...extra } as unknown as NodeJS.ProcessEnv;
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectRefusal(r: { code: number | null; output: string }) {
  expect(r.code, r.output).not.toBe(0);
  expect(r.code, "killed by the timeout: it kept running").not.toBeNull();
  expect(r.output).toContain("DEMO_MODE=1");
  for (const name of ["WECHAT_APP_ID", "WECHAT_MCH_ID", "WECHAT_API_V3_KEY", "WECHAT_NOTIFY_URL"])
    expect(r.output).toContain(name);
}

describe("production start without WECHAT_* and without DEMO_MODE", () => {
  it("`next start` of the build exits non-zero with the message", async (ctx) => {
    if (!existsSync(".next/BUILD_ID")) {
      if (process.env.CI === "true") throw new Error("a production build is required under CI");
      return ctx.skip();
    }
    const port = String(await freePort());
    const r = await run(
      ["node_modules/next/dist/bin/next", "start", "-p", port, "-H", "127.0.0.1"],
      bareEnv({ NODE_ENV: "production", WORKER_DISABLED: "1" }),
      30_000,
    );
    expectRefusal(r);
  }, 40_000);

  it("`npm start` (scripts/start.ts) exits non-zero with the message before starting anything", async () => {
    const r = await run(
      ["--import", "tsx", "scripts/start.ts"],
      bareEnv({ NODE_ENV: "production", SKIP_BUILD: "1", PORT: String(await freePort()) }),
      30_000,
    );
    expectRefusal(r);
    expect(r.output).not.toContain("simulator on");
    expect(r.output).not.toContain("Admin sign-in");
  }, 40_000);
});
