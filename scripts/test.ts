// npm test — everything, in order, stopping at the first failure:
// format, types, lint, production build, unit + integration (Vitest, PGlite and the local PostgreSQL;
// the multi-instance, crash and in-app worker tests run `next start` of that build), then the
// browser suite (Playwright with Debian's Chromium against the built app).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CI = process.env.CI === "true";
const bin = (name: string) => `node_modules/.bin/${name}`;
const steps: [string, string, string[]][] = [
  ["format", bin("prettier"), ["--check", "."]],
  ["types", bin("tsc"), ["--noEmit"]],
  ["lint", bin("eslint"), ["--max-warnings=0", "."]],
  ["build", process.execPath, ["--import", "tsx", "scripts/build.ts"]],
  ["unit and integration", bin("vitest"), ["run"]],
  ["browser", bin("playwright"), ["test"]],
];

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const msg = `Chromium not found at ${chromium} (apt-get install chromium)`;
  if (CI) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(`${msg}: skipping the browser suite`);
  steps.pop();
}

const started = Date.now();
for (const [name, cmd, args] of steps) {
  const t = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\nall checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
