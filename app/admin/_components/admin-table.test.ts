import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AdminTable, type Column } from "./admin-table";

type Row = { id: string; name: string; fen: number };
const rows: Row[] = [
  { id: "a", name: "Tea", fen: 1200 },
  { id: "b", name: "Cup", fen: 99 },
];
const columns = (admin: boolean): (Column<Row> | false)[] => [
  { label: "Name", cell: (r) => r.name },
  { label: "Amount", className: "num small", testId: "amount", cell: (r) => String(r.fen) },
  admin && { label: "Edit", unlabelled: true, cell: (r) => createElement("a", { href: `/e/${r.id}` }, "Edit") },
];
const html = (props: Parameters<typeof AdminTable<Row>>[0]) =>
  renderToStaticMarkup(createElement(AdminTable<Row>, props));

describe("AdminTable", () => {
  it("labels every cell with its column, for the stacked phone layout", () => {
    const out = html({ rows, columns: columns(true), rowKey: (r) => r.id, testId: "t" });
    expect(out).toContain('<table class="tbl stack" data-testid="t">');
    expect(out).toContain('<th>Name</th><th class="num">Amount</th><th aria-label="Edit"></th>');
    expect(out).toContain(
      '<td data-label="Name">Tea</td><td data-label="Amount" class="num small" data-testid="amount">1200</td>',
    );
    expect(out).toContain('<td data-label=""><a href="/e/b">Edit</a></td>');
    expect(out.match(/<tr>/g)).toHaveLength(3);
  });

  it("leaves out a false column and puts rowProps on the row", () => {
    const out = html({ rows, columns: columns(false), rowKey: (r) => r.id, rowProps: (r) => ({ "data-sku": r.id }) });
    expect(out).not.toContain("Edit");
    expect(out).toContain('<tr data-sku="a">');
  });

  it("shows the empty line instead of the table, or an empty table when there is none", () => {
    expect(html({ rows: [], columns: columns(true), rowKey: (r) => r.id, empty: "Nothing yet" })).toBe(
      '<p class="muted">Nothing yet</p>',
    );
    expect(html({ rows: [], columns: columns(true), rowKey: (r) => r.id })).toContain("<tbody></tbody>");
  });
});
