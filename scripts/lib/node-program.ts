import path from "node:path";

/**
 * Node's arguments for running one of our TypeScript programs from the running one. Compiled
 * (`npm start`: this process is itself a .build/ bundle), its bundle beside ours, in plain Node;
 * run from source (tests, benches: `node --import tsx scripts/start.ts`), through tsx as before.
 * The bundles are made by scripts/build-scripts.mjs: `<source>.ts` → `.build/<source>.cjs`.
 */
export function nodeArgsFor(source: string, self = process.argv[1] ?? ""): string[] {
  if (path.extname(self) === ".cjs") return [path.join(".build", source.replace(/\.ts$/, ".cjs"))];
  return ["--import", "tsx", source];
}
