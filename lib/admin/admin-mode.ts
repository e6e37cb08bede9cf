import { z } from "zod";
import { resolveMode, type Mode } from "@/lib/payments/livemode";

/** The console's live/test switch (Stripe's "View test data"): which mode every list reads. */
export const ADMIN_MODE_COOKIE = "admin_mode";

export interface AdminView {
  /** The mode every admin list, count and export of this request reads. */
  livemode: boolean;
  /** Both modes run here (live + TEST_MODE=1); demo mode is test only, so nothing to switch. */
  switchable: boolean;
}

/**
 * The view a cookie asks for, if this deployment runs that mode; else the primary mode. A stale
 * or forged cookie is not an error: it falls back, it never shows a mode that is not running.
 */
export function pickAdminView(cookie: string | undefined, running: readonly boolean[], primary: boolean): AdminView {
  const asked = cookie === "live" ? true : cookie === "test" ? false : undefined;
  const livemode =
    asked !== undefined && running.includes(asked)
      ? asked
      : running.includes(primary)
        ? primary
        : (running[0] ?? primary);
  return { livemode, switchable: running.includes(true) && running.includes(false) };
}

const modeParam = z.enum(["live", "test"], { message: 'mode must be "live" or "test"' });

/**
 * `?mode=` on an admin read (the CSV link carries the page's mode, so another tab switching the
 * cookie cannot change what a click exports) wins over the cookie's view. A value other than
 * live/test, or a mode this deployment does not run, is a 400.
 */
export function readLivemode(
  param: string | null,
  view: AdminView,
  running: readonly boolean[],
  primary: boolean,
): boolean {
  if (param === null) return view.livemode;
  const asked = modeParam.parse(param);
  const names = running.map((l): Mode => (l ? "live" : "test"));
  return resolveMode(asked, primary ? "live" : "test", names);
}

export const modeName = (livemode: boolean): Mode => (livemode ? "live" : "test");
