"use client";

import { useRef, useState, type ReactNode } from "react";
import styles from "./secret-once.module.css";

/** The words a secret box needs, from whichever console section shows it. */
interface SecretOnceLabels {
  secretOnce: string;
  copy: string;
  copied: string;
  dismiss: string;
}

/**
 * A secret (an API key, a webhook signing secret) shown once: it lives only in the parent's
 * state, so a reload loses it for good (lists show a prefix and the last four).
 */
export function SecretOnce({
  title,
  secret,
  secretLabel,
  labels,
  note,
  footer,
  onDismiss,
}: {
  title: string;
  secret: string;
  /** The input's accessible name. */
  secretLabel: string;
  labels: SecretOnceLabels;
  note?: string;
  /** Shown beside the dismiss button (e.g. the key's scopes). */
  footer?: ReactNode;
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
    <div className={styles.box} role="region" aria-label={title} data-testid="new-secret-box">
      <h3 className={styles.title}>{title}</h3>
      <p className="notice" role="note" style={{ margin: 0 }}>
        {labels.secretOnce}
      </p>
      {note && (
        <p className="small muted" style={{ margin: 0 }}>
          {note}
        </p>
      )}
      <div className={styles.row}>
        <input
          ref={ref}
          className={styles.secret}
          readOnly
          value={secret}
          aria-label={secretLabel}
          data-testid="new-secret"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button className="btn small" type="button" onClick={() => void copy()}>
          {copied ? labels.copied : labels.copy}
        </button>
      </div>
      <div className="actions">
        {footer}
        <button className="btn small secondary" type="button" style={{ marginLeft: "auto" }} onClick={onDismiss}>
          {labels.dismiss}
        </button>
      </div>
    </div>
  );
}
