"use client";
import { useEffect, useState } from "react";

const pad = (n: number) => String(n).padStart(2, "0");

/** mm:ss until expiresAt, ticking each second; calls onExpire once at zero. */
export function Countdown({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, []);
  const left = now === null ? null : Math.max(0, Math.round((end - now) / 1000));
  useEffect(() => {
    if (left === 0) onExpire?.();
  }, [left, onExpire]);
  // Rendered on the client only: the server's clock and the first paint would disagree.
  return (
    <time className="countdown" dateTime={expiresAt} data-testid="countdown" suppressHydrationWarning>
      {left === null ? "--:--" : `${pad(Math.floor(left / 60))}:${pad(left % 60)}`}
    </time>
  );
}
