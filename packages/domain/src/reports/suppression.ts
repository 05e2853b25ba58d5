/**
 * Small-cell suppression for published aggregates, with secondary suppression, so that a hidden count of fewer than
 * five pupils can be neither read nor worked out from the totals and other numbers that are published with it.
 *
 * The published numbers are tied by sum constraints (a total equals the sum of its parts; a "з них" column is a part
 * of its column, its complement being an unpublished cell). A hidden cell can be recovered exactly when the
 * constraints, with every published value known, fix it: in linear-algebra terms when its unit vector lies in the row
 * space of the constraint matrix restricted to the hidden cells, i.e. every vector of that matrix's null space is 0
 * there. The algorithm
 *   1. hides every sensitive cell with 0 < value < threshold (primary suppression; zeros are published: "nobody");
 *   2. repeatedly finds the hidden cells that the constraints still determine and, for each, hides one more
 *      published cell of a constraint it is in — a positive one before a zero, an inner cell before a total, the
 *      smallest before a larger (secondary suppression) — until no hidden cell is determined (a fixed point; it always ends, at worst with
 *      every cell of a constraint hidden).
 * Complements are chosen positive where possible, because a hidden 0 can make a non-negative solution unique.
 *
 * This is the classic approach of statistical offices (e.g. Eurostat/ESSnet «Handbook on Statistical Disclosure
 * Control», ch. 4: primary and secondary cell suppression with a minimum-frequency rule); the minimum of 5 follows
 * the practice of the UK DfE and others for pupil counts.
 */

/** `total` = Σ `parts` (every id a cell of the same problem). */
export interface SumConstraint {
  total: string;
  parts: readonly string[];
}

export interface SuppressionInput {
  /** Every cell: the published ones and the unpublished complements. Absent ids count as 0. */
  values: ReadonlyMap<string, number>;
  constraints: readonly SumConstraint[];
  /** Cells that are never published (complements of "з них" parts): hidden from the start. */
  unpublished?: ReadonlySet<string>;
  /** Whether a small value of this cell identifies pupils (default: every cell). */
  sensitive?: (id: string) => boolean;
  /** Totals: hidden as complements only when no inner cell will do. */
  margins?: ReadonlySet<string>;
  /** Values from 1 to threshold − 1 are suppressed (default 5). */
  threshold?: number;
}

export interface SuppressionResult {
  /** Published cells that must not be shown. */
  hidden: Set<string>;
  /** Of them, hidden for being small. */
  primary: Set<string>;
  /** Of them, hidden so that the others cannot be worked out. */
  secondary: Set<string>;
}

export const DEFAULT_THRESHOLD = 5;
const EPS = 1e-9;
/** Candidates tried, smallest first, for one that frees the determined cell. */
const TRIALS = 6;

/**
 * Which of the hidden cells the constraints determine, given every other value: Gaussian elimination of the
 * constraint matrix over the hidden cells; a pivot variable is determined when its reduced row has no entry in a
 * free column.
 */
export function determinedCells(hidden: ReadonlySet<string>, constraints: readonly SumConstraint[]): Set<string> {
  const cols = [...hidden].sort();
  const index = new Map(cols.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const k of constraints) {
    const row = new Array<number>(cols.length).fill(0);
    let any = false;
    const put = (id: string, coef: number) => {
      const i = index.get(id);
      if (i === undefined) return;
      row[i]! += coef;
      any = true;
    };
    put(k.total, 1);
    for (const p of k.parts) put(p, -1);
    if (any && row.some((v) => Math.abs(v) > EPS)) rows.push(row);
  }
  const pivotOfRow: number[] = [];
  let r = 0;
  for (let col = 0; col < cols.length && r < rows.length; col++) {
    let best = -1;
    for (let i = r; i < rows.length; i++)
      if (Math.abs(rows[i]![col]!) > EPS && (best < 0 || Math.abs(rows[i]![col]!) > Math.abs(rows[best]![col]!)))
        best = i;
    if (best < 0) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pivot = rows[r]!;
    const pv = pivot[col]!;
    for (let j = 0; j < cols.length; j++) pivot[j]! /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![col]!;
      if (Math.abs(f) <= EPS) continue;
      const row = rows[i]!;
      for (let j = 0; j < cols.length; j++) row[j]! -= f * pivot[j]!;
    }
    pivotOfRow.push(col);
    r++;
  }
  const pivots = new Set(pivotOfRow);
  const out = new Set<string>();
  pivotOfRow.forEach((col, i) => {
    const row = rows[i]!;
    let free = false;
    for (let j = 0; j < cols.length; j++) {
      if (j !== col && !pivots.has(j) && Math.abs(row[j]!) > EPS) {
        free = true;
        break;
      }
    }
    if (!free) out.add(cols[col]!);
  });
  return out;
}

/**
 * Decides which published cells to hide (see the module comment).
 *
 * @example
 * const { hidden } = suppressSmallCells({ values, constraints: [{ total: 'T', parts: ['a', 'b', 'c'] }] });
 */
export function suppressSmallCells(input: SuppressionInput): SuppressionResult {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const unpublished = input.unpublished ?? new Set<string>();
  const sensitive = input.sensitive ?? (() => true);
  const margins = input.margins ?? new Set<string>();
  const value = (id: string) => input.values.get(id) ?? 0;
  const small = (id: string) => sensitive(id) && value(id) > 0 && value(id) < threshold;

  const published = new Set<string>();
  for (const id of input.values.keys()) if (!unpublished.has(id)) published.add(id);
  for (const k of input.constraints)
    for (const id of [k.total, ...k.parts]) if (!unpublished.has(id)) published.add(id);

  const hidden = new Set<string>(unpublished);
  const primary = new Set<string>();
  for (const id of published) if (small(id)) primary.add(id);
  for (const id of primary) hidden.add(id);
  const secondary = new Set<string>();
  // What must not be worked out: every hidden published cell and the small unpublished complements.
  const protect = (id: string) => (published.has(id) ? hidden.has(id) : small(id));

  const byCell = new Map<string, SumConstraint[]>();
  for (const k of input.constraints)
    for (const id of [k.total, ...k.parts]) {
      const list = byCell.get(id) ?? [];
      list.push(k);
      byCell.set(id, list);
    }
  const relevant = () => input.constraints.filter((k) => [k.total, ...k.parts].some((id) => hidden.has(id)));

  const rank = (id: string): [number, number, number, string] => [
    value(id) > 0 ? 0 : 1,
    margins.has(id) ? 1 : 0,
    value(id),
    id,
  ];
  const better = (a: string, b: string) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
    return false;
  };
  /** Visible published cells of a circle, best first. */
  const candidates = (circle: Iterable<string>, positiveOnly: boolean): string[] =>
    [...new Set(circle)]
      .filter((id) => published.has(id) && !hidden.has(id) && (!positiveOnly || value(id) > 0))
      .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  /** Whether hiding `id` as well leaves `d` undetermined. */
  const frees = (d: string, id: string) => {
    hidden.add(id);
    const still = determinedCells(hidden, relevant()).has(d);
    hidden.delete(id);
    return !still;
  };

  // The constraints in which a cell is the only hidden member: they reveal it on their own, so a complement there
  // is what protects it (the classic rule); a cell revealed only by a combination of constraints gets one in any of
  // its constraints.
  const alone = (id: string) =>
    (byCell.get(id) ?? []).filter((k) => [k.total, ...k.parts].every((m) => m === id || !hidden.has(m)));
  for (;;) {
    const determined = [...determinedCells(hidden, relevant())]
      .filter(protect)
      .sort((a, b) => Number(alone(b).length > 0) - Number(alone(a).length > 0) || (a < b ? -1 : a > b ? 1 : 0));
    const d = determined[0];
    if (d === undefined) break;
    const own = byCell.get(d) ?? [];
    const direct = alone(d);
    const near = new Set(own.flatMap((k) => [k.total, ...k.parts]));
    // Ever wider circles of candidates; a positive cell from any circle before a zero from the nearest (a hidden
    // zero can make the non-negative completion unique). Within a circle, the smallest candidate that frees `d`.
    const circles = [
      (direct.length > 0 ? direct : own).flatMap((k) => [k.total, ...k.parts]),
      [...near],
      [...near].flatMap((id) => (byCell.get(id) ?? []).flatMap((k) => [k.total, ...k.parts])),
      relevant().flatMap((k) => [k.total, ...k.parts]),
    ];
    let choice: string | null = null;
    for (const positiveOnly of [true, false]) {
      for (const circle of circles) {
        const ranked = candidates(circle, positiveOnly);
        if (ranked.length === 0) continue;
        choice = ranked.slice(0, TRIALS).find((id) => frees(d, id)) ?? ranked[0]!;
        break;
      }
      if (choice) break;
    }
    if (!choice) break;
    hidden.add(choice);
    secondary.add(choice);
  }
  const shown = new Set([...hidden].filter((id) => published.has(id)));
  return { hidden: shown, primary, secondary };
}
