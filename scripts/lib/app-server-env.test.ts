import { describe, expect, it } from "vitest";
import { appServerEnv } from "./app-server-env";

describe("appServerEnv", () => {
  it("limits malloc to two arenas in embedded mode, keeping the rest of the environment", () => {
    expect(appServerEnv({ PORT: "3000" }, { embedded: true })).toEqual({ PORT: "3000", MALLOC_ARENA_MAX: "2" });
  });

  it("keeps a value the user set", () => {
    expect(appServerEnv({ MALLOC_ARENA_MAX: "4" }, { embedded: true }).MALLOC_ARENA_MAX).toBe("4");
  });

  it("leaves the PostgreSQL server's environment as it is", () => {
    const env = { PORT: "3000" };
    expect(appServerEnv(env, { embedded: false })).toBe(env);
  });
});
