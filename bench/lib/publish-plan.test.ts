import { describe, expect, it } from "vitest";
import { outputPlan, porcelainPaths } from "./publish-plan";

describe("publish plan", () => {
  it("reads the paths of git status --porcelain", () => {
    expect(porcelainPaths("")).toEqual([]);
    expect(porcelainPaths(" M bench/run-all.ts\n?? bench/notes/notify.md\n")).toEqual([
      "bench/run-all.ts",
      "bench/notes/notify.md",
    ]);
  });

  it("publishes to docs/ from a clean tree only", () => {
    expect(outputPlan({ publish: true, dirtyPaths: [] })).toEqual({ ok: true, dir: "docs", published: true });
    const refused = outputPlan({ publish: true, dirtyPaths: ["lib/x.ts"] });
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.message).toMatch(/refusing --publish.*lib\/x\.ts/);
  });

  it("sends an unpublished report to the scratch folder, dirty tree or not", () => {
    expect(outputPlan({ publish: false, dirtyPaths: ["lib/x.ts"] })).toEqual({
      ok: true,
      dir: ".bench",
      published: false,
    });
    expect(outputPlan({ publish: false, dirtyPaths: [] })).toEqual({ ok: true, dir: ".bench", published: false });
  });
});
