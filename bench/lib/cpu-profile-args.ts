import path from "node:path";

/**
 * `--cpu-prof DIR` on a bench's command line: the node flags that make the servers it starts
 * write V8 CPU profiles into DIR when they stop (NODE_OPTIONS may not carry --cpu-prof).
 */
export function cpuProfileArgs(argv: readonly string[] = process.argv): string[] {
  const i = argv.indexOf("--cpu-prof");
  if (i < 0) return [];
  const dir = path.resolve(argv[i + 1] ?? "bench-profiles");
  console.log(`CPU profiles → ${dir} (written when the servers stop)`);
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}
