// The framework's ceiling for a write route, built once into a temp dir with the same next/react:
// a bare Next.js app whose one route handler reads the body and does one prepared INSERT through
// a pg pool. A merchant route cannot be cheaper than this on the same machine and database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { parsePostgresUrl } from "../../lib/db/postgres-url";
import { waitForHttp } from "../../scripts/lib/wait-for";
import { freePort } from "../../scripts/notify-cluster";

const ROUTE = `import pg from "pg";
const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 8 });
export function GET() {
  return Response.json({ ok: true });
}
export async function POST(request: Request) {
  const body = await request.text();
  await pool.query({ name: "bare_insert", text: "INSERT INTO bench_bare (body) VALUES ($1)", values: [body] });
  return Response.json({ ok: true }, { status: 201 });
}
`;

function buildBareInsertApp(root: string): string {
  const version = JSON.parse(readFileSync(path.join(root, "node_modules/next/package.json"), "utf8")).version as string;
  const dir = path.join(tmpdir(), `bench-bare-insert-next-${version}`);
  if (existsSync(path.join(dir, ".next/BUILD_ID"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "app/insert"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-bare-insert", private: true }));
  writeFileSync(
    path.join(dir, "next.config.js"),
    `module.exports = { turbopack: { root: "/" }, outputFileTracingRoot: "/", serverExternalPackages: ["pg"] };\n`,
  );
  writeFileSync(
    path.join(dir, "app/layout.tsx"),
    `export default function L({ children }: { children: React.ReactNode }) { return <html><body>{children}</body></html>; }\n`,
  );
  writeFileSync(path.join(dir, "app/insert/route.ts"), ROUTE);
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  console.log(`building the bare insert app in ${dir} (once)…`);
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("bare insert app build failed");
  return dir;
}

/**
 * Starts the bare app against `databaseUrl` (its own table in that schema); `stop()` ends it.
 * `nodeArgs` go to its node (bench:notify's --cpu-prof).
 */
export async function startBareInsertApp(
  root: string,
  databaseUrl: string,
  nodeArgs: string[] = [],
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const dir = buildBareInsertApp(root);
  const { connectionString } = parsePostgresUrl(databaseUrl);
  const c = new pg.Client({ connectionString });
  await c.connect();
  await c.query("CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, body text NOT NULL)");
  await c.end();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        BARE_DATABASE_URL: connectionString,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/insert`, 30_000, () => child.exitCode === null);
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
