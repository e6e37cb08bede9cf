import { AppError, BadRequestError } from "@/lib/errors/app-error";

/**
 * Live and test data never mix (docs/test-mode.md): an API key, a WeChat Pay context or a
 * webhook endpoint of one mode acting on an object of the other is refused, whatever the route.
 */
export class LivemodeMismatchError extends AppError {
  readonly code = "LIVEMODE_MISMATCH";
  readonly status = 403;
  constructor(objectLivemode: boolean) {
    super(
      objectLivemode
        ? "This object is live data; a test mode key cannot use it"
        : "This object is test data; a live mode key cannot use it",
      { livemode: objectLivemode },
    );
  }
}

/** Live data in a demo deployment (no WECHAT_* credentials), or test data with TEST_MODE off. */
export class LivemodeUnavailableError extends AppError {
  readonly code = "LIVEMODE_UNAVAILABLE";
  readonly status = 409;
  constructor(livemode: boolean) {
    super(
      livemode
        ? "Live mode needs WeChat Pay credentials (WECHAT_*); this deployment runs demo mode"
        : "Test mode is off in this deployment (TEST_MODE=1 turns it on)",
      { livemode },
    );
  }
}

export type Mode = "live" | "test";

/**
 * The mode a new key or webhook endpoint gets: the one asked for, else the deployment's primary
 * one (live; test in demo mode). A mode this deployment does not run is a 400, not a key that
 * could never work.
 */
export function resolveMode(requested: Mode | undefined, primary: Mode, running: readonly Mode[]): boolean {
  const mode = requested ?? primary;
  if (!running.includes(mode)) {
    throw new BadRequestError(
      mode === "live"
        ? 'This deployment has no live WeChat Pay credentials (demo mode): use mode "test"'
        : "Test mode is off in this deployment (TEST_MODE=1 turns it on)",
      { field: "mode", running },
      "MODE_UNAVAILABLE",
    );
  }
  return mode === "live";
}

/** Throws unless an object and the context (or key) acting on it are of the same mode. */
export function assertSameMode(objectLivemode: boolean, actorLivemode: boolean): void {
  if (objectLivemode !== actorLivemode) throw new LivemodeMismatchError(objectLivemode);
}
