"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import useSWR from "swr";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { formatFen } from "@/lib/money/format-fen";

const FINAL = new Set(["SUCCESS", "CLOSED", "ABNORMAL", "REJECTED"]);

interface RefundView {
  outRefundNo: string;
  status: string;
  amountFen: number;
  failureCode: string | null;
}

async function fetchRefund(url: string): Promise<RefundView> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as RefundView;
}

/** Polls the refund every second until it settles, then refreshes the page (amounts, timeline). */
export function RefundTracker({
  outRefundNo,
  initialStatus,
  t,
  statusLabels,
  onAnother,
}: {
  outRefundNo: string;
  initialStatus: string;
  t: AdminMessages["refund"];
  statusLabels: Record<string, string>;
  onAnother?: () => void;
}) {
  const router = useRouter();
  const { data } = useSWR(`/api/v1/admin/refunds/${encodeURIComponent(outRefundNo)}`, fetchRefund, {
    // Below the refresh interval, or every other poll is deduplicated away (machine notes).
    refreshInterval: (d) => (d && FINAL.has(d.status) ? 0 : 1000),
    dedupingInterval: 500,
  });
  const status = data?.status ?? initialStatus;
  const done = FINAL.has(status);
  const refreshed = useRef(false);
  useEffect(() => {
    if (!refreshed.current) {
      // Once at start (the refund row and the reserved amount) and once when it settles.
      router.refresh();
      refreshed.current = true;
    }
  }, [router]);
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);

  const tone = status === "SUCCESS" ? "ok" : done ? "bad" : "info";
  return (
    <div className="panel" style={{ margin: 0 }} aria-live="polite">
      <p className="small muted">{t.status}</p>
      <p>
        <span className="mono">{outRefundNo}</span> {data ? formatFen(data.amountFen) : null}
      </p>
      <p>
        <span className={`badge ${tone}`} data-testid="refund-status" data-status={status}>
          {statusLabels[status] ?? status}
        </span>
        {data?.failureCode ? <span className="error small"> {data.failureCode}</span> : null}
        {!done ? <span className="muted small"> …</span> : null}
      </p>
      {done && onAnother && (
        <button className="btn small secondary" type="button" onClick={onAnother}>
          {t.another}
        </button>
      )}
    </div>
  );
}
