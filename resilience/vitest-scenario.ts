import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ScenarioResult {
  name: string;
  /** Which parts the scenario ran against (built app or in-process, which databases…). */
  against: string;
  passed: boolean;
  detail: string;
  seconds: number;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { assertionResults: { status: string; fullName: string }[] }[];
}

/**
 * Runs one of the project's own test files as a resilience scenario (the SIGKILL crash test,
 * concurrent refunds, the hostile-notification suite…) and reads Vitest's JSON report. Skips
 * count as failures here: a resilience run must prove each scenario, not step around it.
 */
export function runVitestScenario(name: string, file: string, against: string): ScenarioResult {
  const dir = mkdtempSync(path.join(tmpdir(), "resilience-"));
  const out = path.join(dir, "report.json");
  const started = Date.now();
  try {
    spawnSync(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", file, "--reporter=json", `--outputFile=${out}`],
      {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, CI: "true" },
      },
    );
    const seconds = (Date.now() - started) / 1000;
    let report: VitestJson;
    try {
      report = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
    } catch {
      return { name, against, passed: false, detail: "the test run produced no report", seconds };
    }
    const failed = report.testResults.flatMap((t) =>
      t.assertionResults.filter((a) => a.status === "failed").map((a) => a.fullName),
    );
    const passed = report.numFailedTests === 0 && report.numPendingTests === 0 && report.numPassedTests > 0;
    const detail = passed
      ? `${report.numPassedTests} test${report.numPassedTests === 1 ? "" : "s"} passed`
      : `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped${failed.length ? `: ${failed.slice(0, 3).join("; ")}` : ""}`;
    return { name, against, passed, detail, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
