// Who may import whom, held by ESLint (eslint.config.mjs spreads these blocks; the picture and
// the reasons are in docs/architecture.md; tests/lint/boundaries.test.ts proves each rule fails).

/**
 * The folders of lib/, bottom layer first. A folder may import its own files and folders of
 * LOWER layers only: never a folder of its own layer or above. lib/generated (Prisma's client)
 * is outside the table: any folder may import it. Every other folder of lib/ must be listed
 * (the test checks), so a new folder cannot slip past the rule.
 */
export const LAYERS = [
  // Foundation: no domain knowledge.
  // lib/wechatpay is a standalone protocol library (node:, its own files and zod): our errors
  // and config build on its error classes, never the reverse.
  ["wechatpay", "ids", "money"],
  ["errors", "config"],
  ["observability", "i18n"],
  ["db", "lifecycle"],
  ["http", "health"],
  // Domain.
  ["events", "auth"],
  ["payments", "api-keys", "catalog"],
  ["checkout", "reconciliation", "oauth", "admin"],
  ["checkout-sessions"],
  ["refunds"],
  ["orders"],
  ["event-objects"],
  ["webhooks"],
  // Entry points kept in lib/ (started by instrumentation.ts, scripts/ or routes).
  ["worker", "test-mode", "seed"],
  ["openapi"],
];

const MAP = "see docs/architecture.md";

/** One zone per folder: everything in its own layer and above is off limits. */
export const layerZones = LAYERS.flatMap((layer, i) =>
  layer.map((folder) => ({
    target: `./lib/${folder}`,
    from: LAYERS.slice(i)
      .flat()
      .filter((other) => other !== folder)
      .map((other) => `./lib/${other}`),
    message: `lib/${folder} (layer ${i}) may import only lower layers; ${MAP}.`,
  })),
);

/** Zones for every file of lib/ and simulator/, tests included. */
const baseZones = [
  { target: "./lib", from: "./app", message: `lib/ never imports app/ (the app adapts lib, not the reverse); ${MAP}.` },
  {
    target: "./lib/wechatpay",
    from: "./lib",
    except: ["./wechatpay"],
    message: `lib/wechatpay is the protocol: only Node built-ins, its own files and zod; ${MAP}.`,
  },
  {
    target: "./lib/wechatpay",
    from: ["./app", "./simulator", "./scripts", "./tests", "./bench", "./resilience", "./e2e"],
    message: `lib/wechatpay is the protocol: only Node built-ins, its own files and zod; ${MAP}.`,
  },
  {
    target: "./simulator",
    from: ["./lib", "./app"],
    message: `simulator/ is a separate program playing WeChat Pay: it shares no code with lib/ or app/; ${MAP}.`,
  },
];

const NEXT_IN_LIB = {
  paths: [{ name: "next", message: `Next.js APIs stay in app/ (thin adapters in app/_server); ${MAP}.` }],
  patterns: [{ group: ["next/*"], message: `Next.js APIs stay in app/ (thin adapters in app/_server); ${MAP}.` }],
};

/** Anything that is not node:…, zod or a relative path (the zones above keep relatives inside). */
const protocolImports = (allowed) => ({
  patterns: [
    {
      regex: `^(?!node:|(?:${allowed.join("|")})(?:/|$)|\\.{1,2}/).*`,
      message: `lib/wechatpay is the protocol: only Node built-ins (node:…), its own files and ${allowed.join(", ")}; ${MAP}.`,
    },
  ],
});

export const boundaries = [
  {
    files: ["lib/**/*.{ts,tsx,mts}", "simulator/**/*.{ts,tsx,mts}"],
    rules: { "import/no-restricted-paths": ["error", { zones: baseZones }] },
  },
  {
    // The layer order binds the code; a test beside it may reach up to check an integration
    // (lib/db's timeout test maps its error through lib/http's error mapper).
    files: ["lib/**/*.{ts,tsx,mts}"],
    ignores: ["**/*.test.ts"],
    rules: { "import/no-restricted-paths": ["error", { zones: [...baseZones, ...layerZones] }] },
  },
  {
    files: ["lib/**/*.{ts,tsx,mts}"],
    rules: { "no-restricted-imports": ["error", NEXT_IN_LIB] },
  },
  {
    files: ["lib/wechatpay/**/*.{ts,tsx,mts}"],
    rules: { "no-restricted-imports": ["error", protocolImports(["zod"])] },
  },
  {
    // Tests also use the runner and the independent implementation they are checked against.
    files: ["lib/wechatpay/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", protocolImports(["zod", "vitest", "wechatpay-axios-plugin"])] },
  },
];
