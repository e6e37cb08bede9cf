// The app reads its environment in one place: lib/config parses every variable with one schema
// (env-schema.ts), once, and the rest of the app takes typed values from getConfig(). This scans
// the app's source (lib/, app/, instrumentation.ts, proxy.ts; tests and generated code aside)
// for any other read. scripts/ and simulator/ are separate programs with their own CLI
// variables and are not scanned.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Files allowed to read the environment, and which variables ("*": any). Keep it short. */
const ALLOWED: Record<string, string[]> = {
  // getConfig(): the one parse of the whole environment.
  "lib/config/index.ts": ["*"],
  // Next's own markers, read before lib/config is imported: the edge runtime must not load the
  // Node-only modules register() imports, and `next build` runs it without the start-time config.
  "instrumentation.ts": ["NEXT_RUNTIME", "NEXT_PHASE"],
};

/** Every read of the environment in a source text: `process.env.NAME`, `process.env[…]`, `import … "node:process"`. */
function envReads(source: string): string[] {
  const code = source
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join("\n");
  const reads: string[] = [];
  for (const m of code.matchAll(/\bprocess\s*(?:\.\s*env|\[\s*["'`]env["'`]\s*\])\s*(\.\s*(\w+))?/g))
    reads.push(m[2] ?? "(the whole environment)");
  for (const m of code.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["'](?:node:)?process["']/g))
    reads.push(`(${m[0].trim()})`);
  return reads;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && rel !== "lib/generated") out.push(...sourceFiles(rel));
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe("environment reads", () => {
  it("finds every form of a read (so the scan below can fail)", () => {
    expect(envReads("const a = process.env.WORKER_BATCH;")).toEqual(["WORKER_BATCH"]);
    expect(envReads("const { X } = process.env;")).toEqual(["(the whole environment)"]);
    expect(envReads('const a = process["env"].X;')).toEqual(["X"]);
    expect(envReads('import { env } from "node:process";')).toHaveLength(1);
    expect(envReads("// process.env.NODE_ENV in a comment\n * process.env.X in a doc comment")).toEqual([]);
  });

  it("happen only in lib/config (and the short, commented list above)", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app"), "instrumentation.ts", "proxy.ts"];
    expect(files.length).toBeGreaterThan(200);
    const outside: string[] = [];
    for (const file of files) {
      const allowed = ALLOWED[file] ?? [];
      for (const name of envReads(readFileSync(path.join(ROOT, file), "utf8")))
        if (!allowed.includes("*") && !allowed.includes(name)) outside.push(`${file}: ${name}`);
    }
    expect(outside, "read it through getConfig() (add the variable to lib/config/env-schema.ts)").toEqual([]);
  });
});
