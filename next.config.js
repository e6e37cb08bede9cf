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
    ];
  },
};

module.exports = nextConfig;
