"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AdminMessages } from "@/lib/i18n/admin-messages";

interface Props {
  outRefundNo: string;
  t: AdminMessages["abnormal"];
}

/**
 * An ABNORMAL refund (the payer's card closed, an account frozen) sent again: to the payer's
 * bank card (bank code, account, name: encrypted for WeChat Pay on the server, never stored)
 * or to the merchant's bank card. The refund stays ABNORMAL until WeChat Pay settles it.
 */
export function AbnormalRefundForm({ outRefundNo, t }: Props) {
  const router = useRouter();
  const [type, setType] = useState<"USER_BANK_CARD" | "MERCHANT_BANK_CARD">("USER_BANK_CARD");
  const [bankType, setBankType] = useState("");
  const [bankAccount, setBankAccount] = useState("");
  const [realName, setRealName] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const body =
        type === "USER_BANK_CARD"
          ? { type, bankType: bankType.trim().toUpperCase(), bankAccount: bankAccount.replace(/\s/g, ""), realName }
          : { type };
      const res = await fetch(`/api/v1/admin/refunds/${encodeURIComponent(outRefundNo)}/apply-abnormal`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { error?: { message?: string; details?: { message: string }[] } };
      if (!res.ok) {
        const detail = answer.error?.details?.map((d) => d.message).join("; ");
        setMessage({ ok: false, text: detail || answer.error?.message || t.failed });
      } else {
        setMessage({ ok: true, text: t.sent });
        setBankAccount("");
        router.refresh();
      }
    } catch {
      setMessage({ ok: false, text: t.failed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      className="actions"
      style={{ flexDirection: "column", alignItems: "stretch" }}
      aria-label={`${t.title} ${outRefundNo}`}
    >
      <p className="small mono muted">{outRefundNo}</p>
      <fieldset className="actions" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small muted">{t.destination}</legend>
        <label>
          <input
            type="radio"
            name={`to-${outRefundNo}`}
            checked={type === "USER_BANK_CARD"}
            onChange={() => setType("USER_BANK_CARD")}
          />{" "}
          {t.userCard}
        </label>{" "}
        <label>
          <input
            type="radio"
            name={`to-${outRefundNo}`}
            checked={type === "MERCHANT_BANK_CARD"}
            onChange={() => setType("MERCHANT_BANK_CARD")}
          />{" "}
          {t.merchantCard}
        </label>
      </fieldset>
      {type === "USER_BANK_CARD" && (
        <>
          <label className="field">
            {t.bankType}
            <input value={bankType} onChange={(e) => setBankType(e.target.value)} placeholder="ICBC_DEBIT" required />
          </label>
          <label className="field">
            {t.bankAccount}
            <input
              value={bankAccount}
              onChange={(e) => setBankAccount(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              required
            />
          </label>
          <label className="field">
            {t.realName}
            <input value={realName} onChange={(e) => setRealName(e.target.value)} autoComplete="off" required />
          </label>
        </>
      )}
      <button type="submit" className="btn" disabled={busy}>
        {busy ? t.sending : t.submit}
      </button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "small" : "error small"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
