import { BillFormatError } from "./parse-bill-amount";

/** A WeChat Pay bill's framing: its header, its rows (each split into fields), its summary row. */
export interface BillCsv {
  /** The column's index by its name; a missing column is a format error. */
  col(name: string): number;
  /** The column's index, or -1 when the bill has no such column. */
  optional(name: string): number;
  rows: string[][];
  summary: string[];
}

/**
 * Every value is prefixed with a backtick (so spreadsheets keep long ids as text); a value may
 * itself contain a comma, so fields are split on ",`" rather than ",".
 */
function fields(line: string): string[] {
  const body = line.startsWith("`") ? line.slice(1) : line;
  return body.split(",`").map((v) => v.trim());
}

/**
 * Splits a bill (trade or fund flow; a leading UTF-8 BOM is skipped) into a header row, the rows
 * up to the summary header that starts with `summaryStart`, and the summary row after it. Rows with
 * fewer fields than the header are refused, so a truncated file is never read as a shorter day.
 */
export function readBillCsv(csv: string, what: string, summaryStart: string): BillCsv {
  const lines = csv
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length < 3) throw new BillFormatError(`${what} has no header, rows and summary`);
  const header = lines[0]!.split(",").map((h) => h.replace(/^`/, "").trim());
  const summaryAt = lines.findIndex((l) => l.startsWith(summaryStart));
  if (summaryAt < 1 || summaryAt + 1 >= lines.length) throw new BillFormatError(`${what} has no summary`);
  const rows = lines.slice(1, summaryAt).map((line) => {
    const v = fields(line);
    if (v.length < header.length) throw new BillFormatError(`${what} row has ${v.length} of ${header.length} columns`);
    return v;
  });
  return {
    col(name) {
      const i = header.indexOf(name);
      if (i < 0) throw new BillFormatError(`${what} has no column ${name}`);
      return i;
    },
    optional: (name) => header.indexOf(name),
    rows,
    summary: fields(lines[summaryAt + 1]!),
  };
}
