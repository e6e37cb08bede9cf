"use client";

import { useState } from "react";

type Action = "pay" | "fail" | "pay_lose_notification" | "pay_notify_twice";

export interface TestControlsLabels {
  testModeTitle: string;
  testModeHint: string;
  testPay: string;
  testFail: string;
  testCancel: string;
  testLoseNotification: string;
  testNotifyTwice: string;
  testFailedResult: string;
  testLostResult: string;
  testActionFailed: string;
}

/**
 * Test mode's stand-in for the shopper's phone: each button asks the app to drive the simulator
 * (POST /api/v1/test/payments/:outTradeNo/simulate). The page's status stream, not this
 * component, turns the page to "paid", exactly as for a real payment.
 */
export function TestControls({
  outTradeNo,
  cancelHref,
  labels,
}: {
  outTradeNo: string;
  cancelHref: string;
  labels: TestControlsLabels;
}) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  async function run(action: Action) {
    setBusy(true);
    setNote(null);
    try {
      const res = await fetch(`/api/v1/test/payments/${encodeURIComponent(outTradeNo)}/simulate`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ action }),
      });
      const answer = (await res.json().catch(() => ({}))) as { status?: string; error?: { message?: string } };
      if (!res.ok) setNote(`${labels.testActionFailed}: ${answer.error?.message ?? res.status}`);
      else if (action === "fail") setNote(labels.testFailedResult);
      else if (action === "pay_lose_notification") setNote(labels.testLostResult);
    } catch {
      setNote(labels.testActionFailed);
    } finally {
      setBusy(false);
    }
  }

  const button = (action: Action, label: string, secondary = false) => (
    <button
      type="button"
      className={secondary ? "btn secondary" : "btn"}
      disabled={busy}
      onClick={() => void run(action)}
      data-testid={`test-${action.replaceAll("_", "-")}`}
    >
      {label}
    </button>
  );

  return (
    <section className="test-controls" aria-labelledby="test-controls-title" data-testid="test-controls">
      <h2 id="test-controls-title">{labels.testModeTitle}</h2>
      <p className="muted">{labels.testModeHint}</p>
      <div className="test-buttons">
        {button("pay", labels.testPay)}
        {button("fail", labels.testFail, true)}
        {button("pay_lose_notification", labels.testLoseNotification, true)}
        {button("pay_notify_twice", labels.testNotifyTwice, true)}
        <a className="btn secondary" href={cancelHref} data-testid="test-cancel">
          {labels.testCancel}
        </a>
      </div>
      {note && (
        <p className="test-note" role="status" data-testid="test-note">
          {note}
        </p>
      )}
    </section>
  );
}
