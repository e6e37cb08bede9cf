/**
 * The environment the supervisor gives the app server (`next start` / `next dev`).
 *
 * Embedded mode (PGlite): glibc's malloc keeps up to 8 arenas per core, one for each thread that
 * allocates (V8's GC and compiler helpers, libuv's pool), and memory freed in an arena stays
 * with it. Under the checkout bench the server's anonymous mappings outside V8's heap and
 * glibc's main heap (the arenas among them) held ~95 MB with the default and ~65 MB with two,
 * at the same checkouts/s (bench/notes/embedded.md). Other allocators ignore the variable; a
 * value the user set is kept. On PostgreSQL the server is left as it is (its throughput
 * targets were measured without it; operators may set it).
 */
export function appServerEnv<E extends Record<string, string | undefined>>(env: E, o: { embedded: boolean }): E {
  if (!o.embedded || env.MALLOC_ARENA_MAX !== undefined) return env;
  return { ...env, MALLOC_ARENA_MAX: "2" };
}
