import { existsSync } from "node:fs";

/**
 * Next.js reads .env files itself; the scripts that run before it (migrate, seed, start) must
 * see the same values. Variables already in the environment win, as they do in Next.
 */
export function loadEnvFiles(): void {
  for (const file of [".env.local", ".env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
}
