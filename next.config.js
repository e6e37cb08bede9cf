// next/constants' PHASE_PRODUCTION_BUILD (a require() here is against the lint rules).
const PHASE_PRODUCTION_BUILD = "phase-production-build";

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
      {
        // WeChat Pay's notifications (server to server; proxy.ts skips this route for speed): a
        // fixed policy for a JSON answer that loads nothing and is never framed.
        source: "/api/v1/payments/wechat/notify/:mode(test)?",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
    ];
  },
};

// The build also writes a standalone server (.next/standalone, run with plain `node`; see
// docs/deploy.md). Only the build sees `output: "standalone"`: `next start` (npm start, the
// tests) serves the same .next build and would otherwise warn that it "does not work" with it.
module.exports = (phase) => (phase === PHASE_PRODUCTION_BUILD ? { ...nextConfig, output: "standalone" } : nextConfig);
