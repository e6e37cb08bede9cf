/**
 * The environment the supervisor gives the app server (`next start` / `next dev`).
 *
 * Embedded mode (PGlite): glibc's malloc keeps up to 8 arenas per core, one for each thread that
 * allocates (V8's GC and compiler helpers, libuv's pool); under the checkout bench they grew to
 * ~100 MB of fragmented native memory that is never handed back. Two arenas measured the server's
 * peak at 390–412 MB against 513–514 MB, same checkouts/s (bench/notes/embedded.md). Other
 * allocators ignore the variable; a value the user set is kept. On PostgreSQL the server is
 * left as it is (its throughput targets were measured without it; operators may set it).
 */
export function appServerEnv<E extends Record<string, string | undefined>>(env: E, o: { embedded: boolean }): E {
  if (!o.embedded || env.MALLOC_ARENA_MAX !== undefined) return env;
  return { ...env, MALLOC_ARENA_MAX: "2" };
}
