/** `git status --porcelain` output → the paths it lists (an empty list is a clean tree). */
export function porcelainPaths(porcelain: string): string[] {
  return porcelain
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.slice(3));
}

export type OutputPlan = { ok: true; dir: string; published: boolean } | { ok: false; message: string };

export const SCRATCH_DIR = ".bench";
export const PUBLISHED_DIR = "docs";

/**
 * Where a report goes. Published figures must name a commit that produced them, so `--publish`
 * is refused while the tree has changes (the figures would belong to no commit); without it the
 * report goes to the gitignored scratch folder and records that the tree was dirty.
 */
export function outputPlan(opts: { publish: boolean; dirtyPaths: string[] }): OutputPlan {
  if (!opts.publish) return { ok: true, dir: SCRATCH_DIR, published: false };
  if (opts.dirtyPaths.length) {
    const shown = opts.dirtyPaths.slice(0, 10).join(", ") + (opts.dirtyPaths.length > 10 ? ", …" : "");
    return {
      ok: false,
      message: `refusing --publish: the tree has uncommitted changes (${shown}); commit or stash them, or run without --publish (report in ${SCRATCH_DIR}/)`,
    };
  }
  return { ok: true, dir: PUBLISHED_DIR, published: true };
}
