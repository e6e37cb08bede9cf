import { describe, expect, it } from "vitest";
import { appServerNodeArgs } from "./app-server-node-args";

describe("appServerNodeArgs", () => {
  it("embedded next start: baseline WASM compiler and a bounded old generation", () => {
    expect(appServerNodeArgs({ embedded: true, dev: false })).toEqual(["--liftoff-only", "--max-old-space-size=512"]);
  });

  it("keeps a heap limit the user put in NODE_OPTIONS", () => {
    expect(appServerNodeArgs({ embedded: true, dev: false, nodeOptions: "--max-old-space-size=2048" })).toEqual([
      "--liftoff-only",
    ]);
    expect(appServerNodeArgs({ embedded: true, dev: false, nodeOptions: "--max_old_space_size=900" })).toEqual([
      "--liftoff-only",
    ]);
  });

  it("adds nothing under next dev or on PostgreSQL", () => {
    expect(appServerNodeArgs({ embedded: true, dev: true })).toEqual([]);
    expect(appServerNodeArgs({ embedded: false, dev: false })).toEqual([]);
  });
});
