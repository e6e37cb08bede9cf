"use client";

import { useRef, useState } from "react";
import type { AdminMessages } from "@/lib/admin/messages";
import styles from "./webhooks.module.css";

/**
 * A signing secret shown once: it lives only in the parent's state, so a reload loses it for
 * good (reads return `whsec_…` + the last four).
 */
export function SecretBox({
  title,
  secret,
  note,
  t,
  onDismiss,
}: {
  title: string;
  secret: string;
  note?: string;
  t: AdminMessages["webhooks"];
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // Plain-http LAN address (no Clipboard API): select it so Ctrl+C works.
      ref.current?.select();
      document.execCommand?.("copy");
    }
    setCopied(true);
  }

  return (
    <div className={styles.secretBox} role="region" aria-label={title} data-testid="new-secret-box">
      <h3 className={styles.secretTitle}>{title}</h3>
      <p className="notice" role="note" style={{ margin: 0 }}>
        {t.secretOnce}
      </p>
      {note && (
        <p className="small muted" style={{ margin: 0 }}>
          {note}
        </p>
      )}
      <div className={styles.secretRow}>
        <input
          ref={ref}
          className={styles.secret}
          readOnly
          value={secret}
          aria-label={t.secret}
          data-testid="new-secret"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button className="btn small" type="button" onClick={() => void copy()}>
          {copied ? t.copied : t.copy}
        </button>
      </div>
      <div className="actions">
        <button className="btn small secondary" type="button" style={{ marginLeft: "auto" }} onClick={onDismiss}>
          {t.dismiss}
        </button>
      </div>
    </div>
  );
}
