import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Next enforces server-only at build time; under Vitest it is a no-op.
      "server-only": path.join(root, "tests/server-only-stub.ts"),
    },
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "bench/**/*.test.ts",
      "simulator/**/*.test.ts",
      "scripts/**/*.test.ts",
      "app/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share the local PostgreSQL `test` database; files run in parallel
    // but each integration suite works in its own schema.
    pool: "forks",
    // Most suites wait on a database, the simulator or a child process rather than on the CPU:
    // three workers on 2 cores take the run from ~280 s to ~190 s (one worker is Vitest's default here).
    maxWorkers: 3,
  },
});
