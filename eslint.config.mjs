import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { boundaries } from "./lint/boundaries.mjs";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".build/**",
    "node_modules/**",
    "lib/generated/**",
    "tools/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    // Specs take `test` from e2e/fixtures.ts, whose guard fails a test on any CSP violation.
    files: ["e2e/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              message: "Import test and expect from ./fixtures (it fails a test on CSP violations).",
            },
          ],
        },
      ],
    },
  },
  {
    // App and library code logs through lib/observability/logger (JSON, request id, redaction).
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-console": "error" },
  },
  // Layers and boundaries (lint/boundaries.mjs; the picture is docs/architecture.md).
  ...boundaries,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
