// npm run resilience — the fault scenarios against the real parts (built app, simulator,
// PostgreSQL), printed as a pass/fail table; exits non-zero when any fails.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { helpRequested } from "@/bench/lib/report";
import { ensureBuild } from "@/scripts/lib/needs-build";
import { upstreamFaults } from "./upstream-faults";
import { runVitestScenario, type ScenarioResult } from "./vitest-scenario";

helpRequested(`
npm run resilience [-- --only upstream,crash,refunds,hostile,instances]

Runs each fault scenario against the built app, the simulator and PostgreSQL (127.0.0.1:5432),
then prints a pass/fail table (and docs/resilience.md). Builds the app first when its sources
changed. About 3–4 minutes.
  upstream   30% of WeChat Pay calls fail (500, 429, timeout, dropped) during 200 checkouts
  crash      the app is SIGKILLed during a burst of notifications and restarted
  refunds    20 simultaneous partial refunds worth twice the payment
  hostile    the hostile-notification suite (forged, replayed, tampered, mismatched …)
  instances  two app instances, 100 duplicate deliveries + 50 status reads on one payment
`);

// `against` is what the report says each scenario ran on. The Vitest scenarios run with CI=true:
// no skips, and the cluster ones refuse the stand-in server (scripts/notify-cluster.ts).
const SCENARIOS: Record<string, () => Promise<ScenarioResult> | ScenarioResult> = {
  upstream: upstreamFaults,
  crash: () =>
    runVitestScenario(
      "SIGKILL during a notification burst",
      "tests/notifications/crash-recovery.test.ts",
      "built app (`next start`) ×1, simulator, PostgreSQL",
    ),
  refunds: () =>
    runVitestScenario(
      "20 concurrent partial refunds (2× the payment)",
      "tests/refunds/reserve-refund.test.ts",
      "in-process reserveRefund (no HTTP), PostgreSQL (pool of 4) and PGlite",
    ),
  hostile: () =>
    runVitestScenario(
      "hostile-notification suite",
      "tests/notifications/hostile-notifications.test.ts",
      "in-process notify route handler (no built app), PGlite and PostgreSQL",
    ),
  instances: () =>
    runVitestScenario(
      "two instances, duplicate deliveries + status reads",
      "tests/notifications/two-instances.test.ts",
      "built app (`next start`) ×2, simulator, PostgreSQL",
    ),
};

async function main() {
  const i = process.argv.indexOf("--only");
  const only = i >= 0 ? process.argv[i + 1]?.split(",") : undefined;
  ensureBuild();
  const results: ScenarioResult[] = [];
  for (const [key, run] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(key)) continue;
    console.log(`▶ ${key}`);
    try {
      results.push(await run());
    } catch (err) {
      results.push({
        name: key,
        against: "?",
        passed: false,
        detail: `crashed: ${(err as Error).message}`,
        seconds: 0,
      });
    }
  }
  const table = ["| scenario | ran against | result | time | detail |", "|---|---|---|---|---|"];
  for (const r of results)
    table.push(
      `| ${r.name} | ${r.against} | ${r.passed ? "PASS" : "FAIL"} | ${r.seconds.toFixed(0)} s | ${r.detail} |`,
    );
  const failed = results.filter((r) => !r.passed).length;
  console.log(`\n${table.join("\n")}\n\n${results.length - failed} passed, ${failed} failed`);
  if (!only) {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    mkdirSync("docs", { recursive: true });
    writeFileSync(
      "docs/resilience.md",
      [
        "# Resilience",
        "",
        `Run ${new Date().toISOString().slice(0, 10)} at commit \`${commit}\` on ${cpus().length} cores with \`npm run resilience\`.`,
        "",
        ...table,
        "",
      ].join("\n"),
    );
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
