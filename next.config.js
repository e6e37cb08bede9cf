// next/constants' PHASE_PRODUCTION_BUILD (a require() here is against the lint rules).
const PHASE_PRODUCTION_BUILD = "phase-production-build";

const SERVER_TO_SERVER_HEADERS = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers stay plain Node modules: PGlite loads its WASM from disk, pg uses sockets.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "prom-client"],
  // The build must not pick up a lockfile in a parent folder as the workspace root.
  turbopack: { root: __dirname },
  outputFileTracingRoot: __dirname,
  // Pages and routes get their headers from proxy.ts; the build's static assets skip the proxy.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      // WeChat Pay's notifications and Checkout Session creation (server to server; proxy.ts
      // skips them for speed): a fixed policy for a JSON answer that loads nothing, never framed.
      { source: "/api/v1/payments/wechat/notify/:mode(test)?", headers: SERVER_TO_SERVER_HEADERS },
      { source: "/api/v1/checkout/sessions", headers: SERVER_TO_SERVER_HEADERS },
    ];
  },
};

// The build also writes a standalone server (.next/standalone, run with plain `node`; see
// docs/deploy.md). Only the build sees `output: "standalone"`: `next start` (npm start, the
// tests) serves the same .next build and would otherwise warn that it "does not work" with it.
module.exports = (phase) => (phase === PHASE_PRODUCTION_BUILD ? { ...nextConfig, output: "standalone" } : nextConfig);
