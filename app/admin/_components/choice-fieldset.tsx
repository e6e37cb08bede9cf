import type { ReactNode } from "react";
import styles from "./admin-form.module.css";

/**
 * A fieldset of checkboxes named `name`, one per value, each with its code and a line of help
 * (API key scopes, webhook event types). `before` goes ahead of the list (e.g. an "all" box).
 */
export function ChoiceFieldset({
  legend,
  name,
  values,
  help,
  disabled,
  grid,
  before,
}: {
  legend: string;
  name: string;
  values: readonly string[];
  help: Record<string, string>;
  disabled?: boolean;
  /** Equal columns instead of a wrapping row (long lists). */
  grid?: boolean;
  before?: ReactNode;
}) {
  return (
    <fieldset className={grid ? `${styles.choices} ${styles.grid}` : styles.choices}>
      <legend>{legend}</legend>
      {before}
      {values.map((v) => (
        <ChoiceLabel key={v} code={v} help={help[v]}>
          <input type="checkbox" name={name} value={v} disabled={disabled} />
        </ChoiceLabel>
      ))}
    </fieldset>
  );
}

/** One checkbox line: the input, its code (or, `plain`, a label in words) and its help. */
export function ChoiceLabel({
  code,
  help,
  plain,
  children,
}: {
  code: ReactNode;
  help?: string;
  plain?: boolean;
  children: ReactNode;
}) {
  return (
    <label className={styles.choice}>
      {children}
      <span className={plain ? undefined : styles.code}>{code}</span>
      {help && <span className="small muted">{help}</span>}
    </label>
  );
}
