import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cpuProfileArgs } from "./cpu-profile-args";

describe("cpuProfileArgs", () => {
  it("adds nothing without --cpu-prof", () => {
    expect(cpuProfileArgs(["node", "bench/notify.ts"])).toEqual([]);
  });

  it("profiles into the named folder, resolved, or bench-profiles", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(cpuProfileArgs(["node", "b.ts", "--cpu-prof", "out/p"])).toEqual([
      "--cpu-prof",
      `--cpu-prof-dir=${path.resolve("out/p")}`,
    ]);
    expect(cpuProfileArgs(["node", "b.ts", "--cpu-prof"])).toEqual([
      "--cpu-prof",
      `--cpu-prof-dir=${path.resolve("bench-profiles")}`,
    ]);
  });
});
