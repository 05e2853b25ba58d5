import type { Cells, Check, LayoutSection } from './api';

/** A total row of a section (the form labels them «усього …»). */
export const isTotalRow = (s: LayoutSection, row: number): boolean =>
  s.rows.find((r) => r.n === row)?.label.startsWith('усього') ?? false;

/**
 * The rows of a section worth showing: every row when asked, else the rows with a number (a suppressed one counts:
 * hiding its row would hide that it was suppressed), the totals, and every row of a section the school enters.
 */
export function visibleRows(s: LayoutSection, cells: Cells, showEmpty: boolean): LayoutSection['rows'] {
  if (showEmpty || s.source === 'entered') return s.rows;
  return s.rows.filter(
    (r) =>
      isTotalRow(s, r.n) ||
      s.columns.some((c) => {
        const v = cells[`${s.n}.${r.n}.${c.n}`];
        return v === null || (v ?? 0) !== 0;
      }),
  );
}

/** How many numbers of a report are suppressed (null) — shown so that a reader knows the variant hides some. */
export const suppressedCount = (cells: Cells): number => Object.values(cells).filter((v) => v === null).length;

/** Failed checks first (errors before warnings), then the passed ones. */
export function orderChecks(checks: readonly Check[]): Check[] {
  const rank = (c: Check) => (c.ok ? 2 : c.severity === 'error' ? 0 : 1);
  return [...checks].sort((a, b) => rank(a) - rank(b));
}

/** The cells of the entered sections a school may type in: rows other than totals (`8.1.1` … `9.1.2`). */
export function enterableCells(layout: readonly LayoutSection[]): Array<{ id: string; row: string; col: string }> {
  const out: Array<{ id: string; row: string; col: string }> = [];
  for (const s of layout) {
    if (s.source !== 'entered') continue;
    for (const r of s.rows) {
      if (isTotalRow(s, r.n)) continue;
      for (const c of s.columns) out.push({ id: `${s.n}.${r.n}.${c.n}`, row: r.label, col: c.label });
    }
  }
  return out;
}

/**
 * Reads the entered numbers as typed: whole numbers from 0 to 100 000; an empty field is left out (not entered). Gives
 * the cells to send, or the ids of the fields that are not such a number.
 */
export function parseEntered(
  values: Readonly<Record<string, string>>,
): { ok: true; cells: Record<string, number> } | { ok: false; invalid: string[] } {
  const cells: Record<string, number> = {};
  const invalid: string[] = [];
  for (const [id, raw] of Object.entries(values)) {
    const s = raw.trim();
    if (s === '') continue;
    if (!/^\d{1,6}$/.test(s) || Number(s) > 100_000) invalid.push(id);
    else cells[id] = Number(s);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, cells };
}
