// npm run build — the production build: the Node programs beside the app (scripts/build-scripts.mjs:
// the supervisor, the simulator, the webhook delivery thread), `next build`, then the standalone
// server completed with its static assets and the delivery thread (scripts/lib/complete-standalone). `node .next/standalone/server.js`
// runs it anywhere with the app's env (docs/deploy.md); `npm start` uses `next start`.
import { spawnSync } from "node:child_process";
import { completeStandalone } from "./lib/complete-standalone";

const scripts = spawnSync(process.execPath, ["scripts/build-scripts.mjs"], { stdio: "inherit" });
if (scripts.status !== 0) process.exit(scripts.status ?? 1);
const b = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
if (b.status !== 0) process.exit(b.status ?? 1);
console.log(`standalone server: ${completeStandalone()}/server.js`);
