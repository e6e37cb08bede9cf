import type { ReactNode } from "react";

/**
 * The dashboard's short lists: one line per item (`item` gives its parts, laid out apart by
 * `.list li`), or a muted `empty` line when there are none.
 */
export function AdminList<R>({
  rows,
  rowKey,
  item,
  empty,
}: {
  rows: readonly R[];
  rowKey: (row: R) => string;
  item: (row: R) => ReactNode;
  empty: string;
}) {
  return (
    <ul className="list">
      {rows.length === 0 && <li className="muted">{empty}</li>}
      {rows.map((row) => (
        <li key={rowKey(row)}>{item(row)}</li>
      ))}
    </ul>
  );
}
