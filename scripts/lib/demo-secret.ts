import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * next-auth refuses to run in production without a secret. Demo mode makes one on first start
 * and keeps it under .data/, so sessions survive restarts; real deployments set NEXTAUTH_SECRET.
 */
export function demoNextAuthSecret(dataDir = ".data"): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
