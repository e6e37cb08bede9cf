/** Heap cap for the embedded server: ~5× its live heap (~90 MB after a full GC). */
export const EMBEDDED_MAX_OLD_SPACE_MB = 512;

/**
 * Node's own flags for the app server the supervisor starts. Only in embedded mode (PGlite)
 * under `next start`, where the memory targets are (docs/operations.md, "Memory in embedded mode"):
 * - `--liftoff-only`: PGlite's WASM (and Prisma's query compiler) on V8's baseline compiler only;
 *   the optimising tier measured ~45 MB more resident memory for no faster queries.
 * - `--max-old-space-size`: V8 sizes its old generation from the heap limit, which on a large
 *   machine defaults to gigabytes, so under load the heap grew for the whole 30 s checkout bench
 *   without a full GC (V8's pages 80 → 235 MB). With a 512 MB limit it stayed at ~130 MB, and the
 *   server's peak went from 368–520 MB to 297–312 MB at the same checkouts/s. A limit the user set
 *   in NODE_OPTIONS is kept (a command-line flag would override it).
 * Not under `next dev`: it passes our flags on to its server in NODE_OPTIONS, where Node refuses
 * `--liftoff-only` (and the dev server exits at once).
 */
export function appServerNodeArgs(o: { embedded: boolean; dev: boolean; nodeOptions?: string }): string[] {
  if (!o.embedded || o.dev) return [];
  const userHeapLimit = /--max-old-space-size\b|--max_old_space_size\b/.test(o.nodeOptions ?? "");
  return ["--liftoff-only", ...(userHeapLimit ? [] : [`--max-old-space-size=${EMBEDDED_MAX_OLD_SPACE_MB}`])];
}
