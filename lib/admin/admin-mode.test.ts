import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { BadRequestError } from "@/lib/errors/app-error";
import { pickAdminView, readLivemode } from "./admin-mode";

const LIVE_AND_TEST = [true, false];

describe("pickAdminView", () => {
  it.each([
    // cookie, running, primary → livemode, switchable
    [undefined, LIVE_AND_TEST, true, true, true],
    ["test", LIVE_AND_TEST, true, false, true],
    ["live", LIVE_AND_TEST, true, true, true],
    ["TEST", LIVE_AND_TEST, true, true, true], // not a mode: the primary one
    ["", LIVE_AND_TEST, true, true, true],
    // Demo mode: test only, whatever the cookie says, and nothing to switch.
    [undefined, [false], false, false, false],
    ["live", [false], false, false, false],
    // Live without TEST_MODE: a leftover test cookie cannot open a view that is not running.
    ["test", [true], true, true, false],
  ] as const)("cookie %j, running %j, primary %j → livemode %j, switchable %j", (c, running, primary, live, sw) => {
    expect(pickAdminView(c, running, primary)).toEqual({ livemode: live, switchable: sw });
  });
});

describe("readLivemode", () => {
  const testView = { livemode: false, switchable: true };
  it("without ?mode= the view decides; with it the parameter does", () => {
    expect(readLivemode(null, testView, LIVE_AND_TEST, true)).toBe(false);
    expect(readLivemode("live", testView, LIVE_AND_TEST, true)).toBe(true);
    expect(readLivemode("test", { livemode: true, switchable: true }, LIVE_AND_TEST, true)).toBe(false);
  });

  it("refuses a value that is no mode, and a mode this deployment does not run", () => {
    expect(() => readLivemode("prod", testView, LIVE_AND_TEST, true)).toThrow(ZodError);
    expect(() => readLivemode("", testView, LIVE_AND_TEST, true)).toThrow(ZodError);
    expect(() => readLivemode("live", { livemode: false, switchable: false }, [false], false)).toThrow(BadRequestError);
    expect(() => readLivemode("test", { livemode: true, switchable: false }, [true], true)).toThrow(BadRequestError);
  });
});
