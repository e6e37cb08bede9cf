"use client";

import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import { formatFen } from "@/lib/money/format-fen";
import { fenToYuanString, parseYuan } from "@/lib/money/parse-yuan";
import { isWechatText } from "@/lib/wechatpay/validation";
import { RefundTracker } from "./refund-tracker";

type Step =
  | { kind: "edit" }
  | { kind: "confirm"; fen: number; key: string }
  | { kind: "track"; outRefundNo: string; status: string };

// getRandomValues works on plain-http LAN addresses too, where randomUUID does not exist.
function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return `rf-${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;
}

interface Props {
  outTradeNo: string;
  remainingFen: number;
  t: AdminMessages["refund"];
  statusLabels: Record<string, string>;
}

/**
 * Amount in yuan → fen by string arithmetic, a confirmation step, then live status. The
 * idempotency key is made when the admin reaches "confirm": a double click or a retry after a
 * network error sends the same key, so the server answers with the same refund.
 */
export function RefundForm({ outTradeNo, remainingFen, t, statusLabels }: Props) {
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function next(e: React.FormEvent) {
    e.preventDefault();
    const parsed = parseYuan(amount);
    if (!parsed.ok) return setError(t.errors[parsed.error] ?? parsed.error);
    if (parsed.fen > remainingFen) return setError(t.errors.OVER!);
    if ([...reason.trim()].length > 80) return setError(t.errors.REASON!);
    if (!isWechatText(reason)) return setError(t.errors.EMOJI!);
    setError(null);
    setStep({ kind: "confirm", fen: parsed.fen, key: newKey() });
  }

  async function submit(fen: number, key: string) {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/payments/wechat/refund", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify({ outTradeNo, amountFen: fen, reason: reason.trim() }),
      });
      const body = (await res.json()) as {
        outRefundNo?: string;
        status?: string;
        error?: { code: string; message: string };
      };
      if (!res.ok || !body.outRefundNo)
        throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`);
      setStep({ kind: "track", outRefundNo: body.outRefundNo, status: body.status ?? "CREATED" });
      setAmount("");
      setReason("");
    } catch (err) {
      // Stay on the confirm step with the same key: pressing confirm again is a safe retry.
      setError(`${t.failed}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === "track") {
    return (
      <>
        <RefundTracker
          outRefundNo={step.outRefundNo}
          initialStatus={step.status}
          t={t}
          statusLabels={statusLabels}
          onAnother={remainingFen > 0 ? () => setStep({ kind: "edit" }) : undefined}
        />
        {remainingFen <= 0 && <p className="muted small">{t.nothingLeft}</p>}
      </>
    );
  }

  if (step.kind === "confirm") {
    return (
      <div className="confirm-box" role="dialog" aria-label={t.confirmTitle}>
        <h2>{t.confirmTitle}</h2>
        <div className="big-amount" data-testid="confirm-amount">
          {formatFen(step.fen)}
        </div>
        <p>{t.confirmText.replace("{amount}", formatFen(step.fen)).replace("{outTradeNo}", outTradeNo)}</p>
        {reason.trim() && (
          <p className="small muted">
            {t.reasonShort}：{reason.trim()}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button className="btn danger" type="button" disabled={busy} onClick={() => void submit(step.fen, step.key)}>
            {busy ? t.submitting : t.confirm}
          </button>
          <button className="btn secondary" type="button" disabled={busy} onClick={() => setStep({ kind: "edit" })}>
            {t.edit}
          </button>
        </div>
      </div>
    );
  }

  if (remainingFen <= 0) return <p className="muted">{t.nothingLeft}</p>;

  return (
    <form
      onSubmit={next}
      className="actions"
      style={{ flexDirection: "column", alignItems: "stretch" }}
      data-out-trade-no={outTradeNo}
    >
      <p className="small">
        <span className="muted">{t.remaining}: </span>
        <strong data-testid="refundable">{formatFen(remainingFen)}</strong>{" "}
        <span className="mono muted">{outTradeNo}</span>
      </p>
      <label className="field">
        {t.amount}
        <div className="actions" style={{ flexWrap: "nowrap" }}>
          <input
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            style={{ flex: 1 }}
          />
          <button
            className="btn small secondary"
            type="button"
            onClick={() => setAmount(fenToYuanString(remainingFen))}
          >
            {t.full}
          </button>
        </div>
      </label>
      <label className="field">
        {t.reason}
        <textarea name="reason" maxLength={80} value={reason} onChange={(e) => setReason(e.target.value)} />
        <span className="small" style={{ alignSelf: "flex-end" }}>
          {[...reason].length}/80
        </span>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="btn" type="submit">
        {t.next}
      </button>
    </form>
  );
}
