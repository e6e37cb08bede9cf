// Compiles the programs `npm start` runs besides the Next.js app (the supervisor, its database
// step, the simulator) and the release-step scripts from TypeScript to plain Node bundles under
// .build/ (same paths, .cjs), so nothing on the production path transpiles TypeScript at run
// time (Node 20 has no type stripping: `--experimental-strip-types` is Node 22.6+). npm runs this
// before `start`, `dev`, `db:migrate`, `db:seed` and `simulator` (their `pre` scripts); esbuild
// bundles our sources (the `@/` alias included) and leaves every package as a plain require.
// Plain JavaScript itself: it runs before anything is compiled. About 0.3 s.
import { buildSync } from "esbuild";

export const ENTRIES = [
  "scripts/start.ts",
  "scripts/prepare.ts",
  "scripts/migrate.ts",
  "scripts/seed.ts",
  "simulator/main.ts",
];

const common = {
  outdir: ".build",
  outbase: ".",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20.9",
  format: "cjs",
  alias: { "@": "." },
  // The generated Prisma client reads import.meta.url (ESM); in a CommonJS bundle it is the file's URL.
  define: { "import.meta.url": "__bundleFileUrl" },
  banner: { js: '"use strict";\nconst __bundleFileUrl = require("node:url").pathToFileURL(__filename).href;' },
  sourcemap: "linked",
  logLevel: "warning",
};

buildSync({ ...common, entryPoints: ENTRIES, packages: "external" });

// The webhook delivery thread the app starts on PostgreSQL (lib/webhooks/delivery/
// start-delivery-thread). It also runs from the standalone server, whose node_modules hold only
// the files Next traced, resolved as Next resolved them: for @prisma/adapter-pg and zod, say,
// not the CommonJS files a require() here would ask for. So packages are bundled in, except
// those whose CommonJS entry the trace does hold (the Prisma runtime, pg, pino) and PGlite's,
// which a PostgreSQL process never loads (lib/db/create-prisma imports them lazily).
export const THREAD_EXTERNAL = ["@prisma/client", "pg", "pino", "pglite-prisma-adapter", "@electric-sql/pglite"];
buildSync({
  ...common,
  entryPoints: ["lib/webhooks/delivery/delivery-thread.ts"],
  external: THREAD_EXTERNAL,
});
