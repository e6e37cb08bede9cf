import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };
import { getConfig, type LogLevel } from "@/lib/config";
import { censor, REDACT_PATHS } from "./redact";
import { currentRequestId } from "./request-context";

/**
 * JSON lines on stdout (pino): `level` as a name, an ISO `time`, the current request's
 * `requestId` on every line written inside a request, secrets redacted, openids shortened.
 * `npm run dev` pipes them through pino-pretty.
 */
export function createLogger(opts: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

function configuredLevel(): LogLevel {
  try {
    return getConfig().observability.logLevel;
  } catch {
    // The configuration is broken: the error saying so must still be written.
    return "info";
  }
}

// One logger per process (globalThis: Next bundles route handlers and instrumentation apart).
const KEY = Symbol.for("wxpay.logger");
const holder = globalThis as Record<symbol, Logger | undefined>;

// One child per component and root: a pino child serialises its bindings when made, and the hot
// routes ask for theirs on every request (bench:notify measured logging as a fifth of the
// notification handler's own CPU).
const children = new WeakMap<Logger, Map<string, Logger>>();

/** The process's logger; `component` names the part writing (worker, webhooks, notify…). */
export function getLogger(component?: string): Logger {
  const root = (holder[KEY] ??= createLogger({
    level: configuredLevel(),
  }));
  if (!component) return root;
  let byName = children.get(root);
  if (!byName) children.set(root, (byName = new Map()));
  let child = byName.get(component);
  if (!child) byName.set(component, (child = root.child({ component })));
  return child;
}
