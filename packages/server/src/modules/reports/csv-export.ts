/**
 * A report as CSV in the shape of the ZNZ-1 open data: one line per cell named section.row.col, with the labels of
 * its section, row and column, the value and where it comes from. UTF-8 with a byte-order mark (so that spreadsheet
 * programs read the Cyrillic), RFC 4180 quoting.
 */
import type { ReportDocument } from './report-document';

export const CSV_TYPE = 'text/csv; charset=utf-8';

const quote = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Builds the CSV text (with BOM). */
export function reportCsv(doc: ReportDocument): Buffer {
  const lines = [['cell', 'section', 'row', 'column', 'section_title', 'row_label', 'column_label', 'value', 'source']];
  for (const t of doc.tables)
    for (const r of t.rows)
      r.cells.forEach((c, i) => {
        const col = t.columns[i]!;
        lines.push([
          c.id,
          String(t.section),
          String(r.n),
          String(col.n),
          t.title,
          r.label,
          col.label,
          c.value === null ? '' : String(c.value),
          c.value === null ? 'suppressed' : c.entered ? 'entered' : c.missing ? 'not_entered' : t.source,
        ]);
      });
  return Buffer.from('\ufeff' + lines.map((l) => l.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
}
