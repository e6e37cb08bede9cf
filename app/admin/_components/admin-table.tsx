import type { ReactNode } from "react";

/** One column of an admin table. */
export interface Column<R> {
  /** The header, and each cell's `data-label`: on a phone the rows become cards that show it (admin.css). */
  label: string;
  cell: (row: R) => ReactNode;
  /** The cell's classes (num, mono, small, nowrap…); a `num` column's header is right-aligned too. */
  className?: string;
  testId?: string;
  /** A column of buttons or links whose header is for screen readers only (and no label on a card). */
  unlabelled?: boolean;
}

/**
 * The admin pages' table: one header row from `columns`, one row per item, and `empty` instead of
 * the table when there are no rows (a string becomes a muted line). `false` columns are left out,
 * so a column can depend on the role. `rowProps` puts data attributes or a class on a row.
 */
export function AdminTable<R>({
  rows,
  columns,
  rowKey,
  rowProps,
  empty,
  testId,
}: {
  rows: readonly R[];
  columns: readonly (Column<R> | false)[];
  rowKey: (row: R) => string;
  rowProps?: (row: R) => Record<string, string | undefined>;
  empty?: ReactNode;
  testId?: string;
}) {
  if (rows.length === 0 && empty !== undefined)
    return typeof empty === "string" ? <p className="muted">{empty}</p> : empty;
  const cols = columns.filter((c): c is Column<R> => c !== false);
  return (
    <table className="tbl stack" data-testid={testId}>
      <thead>
        <tr>
          {cols.map((c, i) =>
            c.unlabelled ? (
              <th key={i} aria-label={c.label} />
            ) : (
              <th key={i} className={c.className?.split(" ").includes("num") ? "num" : undefined}>
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {cols.map((c, i) => (
              <td key={i} data-label={c.unlabelled ? "" : c.label} className={c.className} data-testid={c.testId}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
