import type { Db } from "@/lib/db/create-prisma";
import { prismaRunner, type SqlRunner } from "@/lib/db/hot-sql";
import { onEventsWritten as subscribeEventsWritten } from "@/lib/events/events-written";
import type { DeliverySettings } from "./delivery-settings";
import { createPostWebhook, type PostWebhook } from "./post-webhook";
import { purgeEvents } from "./purge-events";
import { nudgeDelay } from "./round-pacing";
import { runDeliveryRound, type RoundResult } from "./run-delivery-round";

interface DeliveryLoopDeps {
  getDb(): Promise<Db>;
  /** The hot-path pg pool on PostgreSQL; absent or null: Prisma's raw queries (PGlite). */
  sql?: SqlRunner | null;
  /** Tests: a POST with a shorter timeout or a fake resolver. Default: createPostWebhook(settings). */
  post?: PostWebhook;
  /** Tests: a private nudge source instead of the process-wide one. */
  onEventsWritten?: (listener: () => void) => () => void;
  /** Tests: observe rounds. */
  onRound?: (r: RoundResult) => void;
}

type DeliveryLog = Pick<Console, "warn" | "info">;

const PURGE_SLICE = 1000;
const ERROR_BACKOFF_MS = 5000;
const DAY_MS = 86_400_000;

/**
 * Runs delivery rounds until stopped. A round starts `nudgeDelayMs` after events are written in
 * this process (nudges within that window coalesce into one round), but no sooner than
 * `busyGapMs` after the start of the last round that delivered anything (round-pacing.ts), at
 * once while a batch came back full, and otherwise after `idleMs` (or sooner when a retry falls
 * due earlier): that poll is how events written by other instances, and retries, are found.
 * Rounds never overlap within the loop; across instances the row claims keep each delivery single. Timers are unref'd. Events older
 * than the retention go at most once per `purgeEveryMs`. Returns stop(), which resolves when
 * the round in flight (if any) has finished.
 */
export function startDeliveryLoop(
  deps: DeliveryLoopDeps,
  settings: DeliverySettings,
  log: DeliveryLog,
): () => Promise<void> {
  const post =
    deps.post ??
    createPostWebhook({
      allowPrivate: settings.allowPrivate,
      allowLoopback: settings.allowLoopback,
      timeoutMs: settings.timeoutMs,
    });
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let timerDue = Infinity;
  let nudged = false;
  let lastPurge = -Infinity;
  let purgeBacklog = false;
  let lastBusyRoundStart = -Infinity;
  const nudgeWait = () =>
    nudgeDelay({
      now: Date.now(),
      lastBusyRoundStart,
      nudgeDelayMs: settings.nudgeDelayMs,
      busyGapMs: settings.busyGapMs,
    });

  const schedule = (ms: number) => {
    if (stopped) return;
    const due = Date.now() + ms;
    if (timer && timerDue <= due) return; // an earlier wake-up is already set
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(() => {
      timer = undefined;
      timerDue = Infinity;
      void tick();
    }, ms);
    timer.unref();
  };

  const purge = async (sql: SqlRunner) => {
    if (!purgeBacklog && Date.now() - lastPurge < settings.purgeEveryMs) return;
    lastPurge = Date.now();
    const before = new Date(Date.now() - settings.retentionDays * DAY_MS);
    const deleted = await purgeEvents(sql, { before, limit: PURGE_SLICE });
    purgeBacklog = deleted >= PURGE_SLICE; // more to go: another slice next round
    if (deleted) log.info(`webhooks: purged ${deleted} events older than ${settings.retentionDays} days`);
  };

  const round = async () => {
    let delay = settings.idleMs;
    const startedAt = Date.now();
    try {
      const db = await deps.getDb();
      const sql = deps.sql ?? prismaRunner(db);
      const r = await runDeliveryRound({ db, sql, post, settings });
      if (r.claimed > 0) lastBusyRoundStart = startedAt;
      deps.onRound?.(r);
      for (const d of r.disabled) log.warn(`webhooks: endpoint ${d.endpointId} disabled (${d.reason})`);
      if (r.more) delay = 0;
      else if (r.nextDueAt) delay = Math.min(delay, Math.max(0, r.nextDueAt.getTime() - Date.now()));
      await purge(sql);
    } catch (err) {
      log.warn(`webhooks: delivery round failed: ${err instanceof Error ? err.message : String(err)}`);
      delay = Math.max(delay, ERROR_BACKOFF_MS); // a database that is down is not asked twice a second
    }
    return delay;
  };

  const tick = async () => {
    if (stopped || running) return;
    nudged = false;
    let delay = settings.idleMs;
    running = round().then((d) => {
      delay = d;
    });
    await running;
    running = null;
    schedule(nudged ? Math.min(delay, nudgeWait()) : delay);
  };

  const unsubscribe = (deps.onEventsWritten ?? subscribeEventsWritten)(() => {
    if (running)
      nudged = true; // the round in flight may have missed them: go again right after
    else schedule(nudgeWait());
  });
  schedule(0);

  return async () => {
    stopped = true;
    unsubscribe();
    clearTimeout(timer);
    await running;
  };
}
