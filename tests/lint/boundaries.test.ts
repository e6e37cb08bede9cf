// Each boundary rule of lint/boundaries.mjs fails on a small offending snippet, linted through
// ESLint's Node API with the repository's own eslint.config.mjs (and passes its allowed twin),
// so a rule that silently stopped matching (a wrong path, a resolver that no longer resolves
// "@/…") fails here instead of letting every import through.
import { readdirSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { LAYERS } from "@/lint/boundaries.mjs";

const root = path.resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The boundary errors ESLint reports for `code` as if it were the file `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "import/no-restricted-paths" || m.ruleId === "no-restricted-imports")
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (imports: string) => `${imports}\nexport const used = [x];\n`;

describe("boundaries as lint", () => {
  it.each([
    // lib/wechatpay: Node built-ins, its own files and zod only.
    ["lib/wechatpay/probe.ts", `import { getDb as x } from "@/lib/db/client";`, /wechatpay is the protocol/],
    ["lib/wechatpay/probe.ts", `import { getDb as x } from "../db/client";`, /wechatpay is the protocol/],
    ["lib/wechatpay/probe.ts", `import x from "pino";`, /wechatpay is the protocol/],
    ["lib/wechatpay/probe.ts", `import { randomUUID as x } from "crypto";`, /Node built-ins \(node:…\)/],
    ["lib/wechatpay/probe.test.ts", `import x from "pino";`, /wechatpay is the protocol/],
    // No Next.js and no app/ in lib/.
    ["lib/payments/probe.ts", `import { cookies as x } from "next/headers";`, /Next\.js APIs stay in app\//],
    ["lib/auth/probe.ts", `import { redirect as x } from "next/navigation";`, /Next\.js APIs stay in app\//],
    [
      "lib/checkout/probe.ts",
      `import { requireAdmin as x } from "@/app/_server/require-admin";`,
      /never imports app\//,
    ],
    // simulator/ shares nothing with lib/ or app/.
    [
      "simulator/probe.ts",
      `import { parseYuan as x } from "@/lib/money/parse-yuan";`,
      /simulator\/ is a separate program/,
    ],
    ["simulator/probe.ts", `import { requireAdmin as x } from "../app/_server/require-admin";`, /separate program/],
    // Domain folders import downwards only: the back-edges the layout removed stay removed.
    [
      "lib/payments/probe.ts",
      `import { runWorkerTick as x } from "@/lib/worker/run-worker-tick";`,
      /lib\/payments \(layer 6\)/,
    ],
    ["lib/payments/probe.ts", `import { submitRefund as x } from "@/lib/refunds/submit-refund";`, /layer 6/],
    [
      "lib/events/probe.ts",
      `import { toOrderObject as x } from "@/lib/orders/order-object";`,
      /lib\/events \(layer 5\)/,
    ],
    ["lib/db/probe.ts", `import { hashPassword as x } from "@/lib/auth/password";`, /lib\/db \(layer 3\)/],
    ["lib/http/probe.ts", `import { withApiKey as x } from "@/lib/api-keys/with-api-key";`, /lib\/http/],
    ["lib/config/probe.ts", `import { getLogger as x } from "@/lib/observability/logger";`, /lib\/config \(layer 1\)/],
    // Same layer: siblings do not import each other either.
    [
      "lib/checkout/probe.ts",
      `import { reconcileInto as x } from "@/lib/reconciliation/run-reconciliation";`,
      /layer 7/,
    ],
  ])("%s: %s is refused", async (file, imports, expected) => {
    const errors = await boundaryErrors(file, use(imports));
    expect(errors.join("\n")).toMatch(expected);
  });

  it.each([
    ["lib/wechatpay/probe.ts", `import { z as x } from "zod";`],
    ["lib/wechatpay/probe.ts", `import { createHash as x } from "node:crypto";`],
    ["lib/wechatpay/probe.ts", `import { WechatPayError as x } from "./errors";`],
    ["lib/wechatpay/probe.test.ts", `import { it as x } from "vitest";`],
    ["lib/worker/probe.ts", `import { submitRefund as x } from "@/lib/refunds/submit-refund";`],
    ["lib/refunds/probe.ts", `import { closePayment as x } from "@/lib/payments/close-payment";`],
    ["lib/payments/probe.ts", `import { recordEvent as x } from "@/lib/events/record-event";`],
    ["lib/payments/probe.ts", `import { Prisma as x } from "@/lib/generated/prisma/client";`],
    ["app/_server/probe.ts", `import { cookies as x } from "next/headers";`],
    ["simulator/probe.ts", `import { createHash as x } from "node:crypto";`],
  ])("%s: %s is allowed", async (file, imports) => {
    expect(await boundaryErrors(file, use(imports))).toEqual([]);
  });

  it("lists every folder of lib/ in a layer (a new folder cannot escape the order)", () => {
    const folders = readdirSync(path.join(root, "lib"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "generated")
      .map((d) => d.name)
      .sort();
    expect(LAYERS.flat().sort()).toEqual(folders);
  });
});
