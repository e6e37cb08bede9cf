import { closeIdleConnections, closeServers, requestsInFlight } from "./track-requests";
import { endLongLivedResponses, startDraining } from "./shutdown-state";
import type { ShutdownConfig } from "@/lib/config";

export interface ShutdownSteps {
  /** Background loops (worker, webhook delivery): each resolves once its current round is done. */
  stopLoops: (() => Promise<void>)[];
  /** Pools and the embedded database, closed last. */
  closePools: (() => Promise<void>)[];
  log: { info(msg: string): void; warn(msg: string): void };
  exit(code: number): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true when `done()` holds, false at the deadline. */
async function until(done: () => boolean, deadline: number, tick = () => {}): Promise<boolean> {
  while (!done()) {
    if (Date.now() >= deadline) return false;
    tick();
    await sleep(25);
  }
  return true;
}

/**
 * The stop sequence: readiness 503 at once, background loops asked to stop (each finishes its
 * current claim); after the drain window no new connections; in-flight requests answered (the
 * status streams are ended so they cannot hold it up); then pools closed and exit 0. Anything
 * still running at the deadline: exit 1, saying what.
 */
export async function gracefulShutdown(signal: string, settings: ShutdownConfig, steps: ShutdownSteps): Promise<void> {
  const started = Date.now();
  const deadline = started + settings.timeoutMs;
  startDraining();
  steps.log.info(`shutdown: ${signal}: readiness 503, taking connections for ${settings.drainMs} ms more`);
  let loopsDone = false;
  void Promise.allSettled(steps.stopLoops.map((stop) => stop())).then(() => {
    loopsDone = true;
  });

  await sleep(Math.min(settings.drainMs, Math.max(0, deadline - Date.now())));
  closeServers();
  endLongLivedResponses();
  const answered = await until(() => requestsInFlight() === 0, deadline, closeIdleConnections);
  const stopped = await until(() => loopsDone, deadline);
  if (!answered) steps.log.warn(`shutdown: ${requestsInFlight()} requests still in flight at the deadline`);
  if (!stopped) steps.log.warn("shutdown: background work still running at the deadline");

  // Pools close last (requests and loops used them); bounded, since a database that does not
  // answer must not keep the process alive.
  const closed = await Promise.race([
    Promise.allSettled(steps.closePools.map((close) => close())).then(() => true),
    sleep(Math.max(1_000, deadline - Date.now())).then(() => false),
  ]);
  if (!closed) steps.log.warn("shutdown: pools did not close in time");
  const clean = answered && stopped && closed;
  steps.log.info(`shutdown: ${clean ? "done" : "forced"} after ${Date.now() - started} ms`);
  steps.exit(clean ? 0 : 1);
}
