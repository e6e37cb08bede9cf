// A bare Next.js app built once into a temp dir with the app's own next/react (node_modules
// symlinked): the framework's floor for one kind of route. bench:notify and bench:sessions run
// one with an INSERT route (bare-insert-app.ts), bench:streams one holding SSE streams
// (bare-sse-app.ts), each beside the real app in the same run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitForHttp } from "../../scripts/lib/wait-for";
import { freePort } from "../../scripts/notify-cluster";

const LAYOUT = `export default function L({ children }: { children: React.ReactNode }) { return <html><body>{children}</body></html>; }\n`;

export interface BareNextApp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Builds (unless already built: the folder is named by the next version and a hash of the
 * sources) a Next.js app of `files` (path in the app, e.g. `app/insert/route.ts` → its source)
 * beside a minimal root layout, with `serverExternalPackages`.
 */
export function buildBareNextApp(
  root: string,
  name: string,
  files: Record<string, string>,
  serverExternalPackages: string[] = [],
): string {
  const version = JSON.parse(readFileSync(path.join(root, "node_modules/next/package.json"), "utf8")).version as string;
  const hash = createHash("sha256")
    .update(JSON.stringify([files, serverExternalPackages]))
    .digest("hex")
    .slice(0, 8);
  const dir = path.join(tmpdir(), `bench-${name}-next-${version}-${hash}`);
  if (existsSync(path.join(dir, ".next/BUILD_ID"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "app"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `bench-${name}`, private: true }));
  writeFileSync(
    path.join(dir, "next.config.js"),
    `module.exports = { turbopack: { root: "/" }, outputFileTracingRoot: "/", serverExternalPackages: ${JSON.stringify(serverExternalPackages)} };\n`,
  );
  writeFileSync(path.join(dir, "app/layout.tsx"), LAYOUT);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  console.log(`building the bare ${name} app in ${dir} (once)…`);
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`bare ${name} app build failed`);
  return dir;
}

/** `next start` of a built bare app; ready when `readyPath` answers 2xx. */
export async function startBareNextApp(
  root: string,
  dir: string,
  readyPath: string,
  opts: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<BareNextApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${readyPath}`, 30_000, () => child.exitCode === null);
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
