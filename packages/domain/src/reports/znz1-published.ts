/**
 * The published (shared) variant of ZNZ-1 / 76-РВК numbers: every pupil count below 5 hidden, and enough other cells
 * hidden that none of them can be worked out from the totals, the "з них" columns, the other sections that repeat
 * the same totals, or the dashboard measures published beside them. Officials in scope see exact numbers; this is
 * for open data and for sharing outside the scope.
 */
import { suppressSmallCells, type SumConstraint } from './suppression';
import { S1_ROWS, S2_TOTAL_ROW, S3_TOTAL_ROW, S4_ROWS, cellId as c, znz1Form, type CellId } from './znz1-form';

/** Extra published numbers tied to the form's (e.g. per-region values of a tile map that sum to a national total). */
export interface ExtraCells {
  values: ReadonlyMap<string, number>;
  constraints: readonly SumConstraint[];
}

export interface PublishedCells {
  /** Every cell given, with hidden ones as null. */
  values: Record<CellId, number | null>;
  hidden: CellId[];
  threshold: number;
}

const complement = (id: CellId) => `~${id}`;

/** `x.` measures that count pupils (the school counts are not sensitive). */
export const isPupilMeasure = (id: string) => id.startsWith('x.') && !id.startsWith('x.schools');

/** The constraints tying the cells of the form and the `x.` measures, and which cells are totals. */
export function formConstraints(
  schoolYear: number,
  values: Readonly<Record<CellId, number>>,
): { constraints: SumConstraint[]; margins: Set<string>; complements: Map<string, number>; pupilCells: Set<string> } {
  const constraints: SumConstraint[] = [];
  const margins = new Set<string>();
  const complements = new Map<string, number>();
  const pupilCells = new Set<string>();
  const v = (id: CellId) => values[id] ?? 0;
  for (const s of znz1Form(schoolYear)) {
    const pupilCols = s.cols.filter((col) => col.unit === 'pupils');
    for (const row of s.rows) for (const col of pupilCols) pupilCells.add(c(s.n, row.n, col.n));
    for (const row of s.rows) {
      for (const col of pupilCols) {
        if (row.sumOf) {
          const total = c(s.n, row.n, col.n);
          margins.add(total);
          constraints.push({ total, parts: row.sumOf.map((r) => c(s.n, r, col.n)) });
        }
        if (col.sumOf) {
          const total = c(s.n, row.n, col.n);
          margins.add(total);
          constraints.push({ total, parts: col.sumOf.map((k) => c(s.n, row.n, k)) });
        }
        if (col.partOf !== undefined) {
          const whole = c(s.n, row.n, col.partOf);
          const part = c(s.n, row.n, col.n);
          const rest = complement(part);
          complements.set(rest, v(whole) - v(part));
          constraints.push({ total: whole, parts: [part, rest] });
        }
      }
    }
  }
  const same = (a: CellId, b: CellId) => constraints.push({ total: a, parts: [b] });
  // Other sections repeat the totals of section 1.
  const levels = [S1_ROWS.primary, S1_ROWS.basic, S1_ROWS.profile];
  same(c(2, S2_TOTAL_ROW, 1), c(1, S1_ROWS.total, 2));
  levels.forEach((r, i) => same(c(2, S2_TOTAL_ROW, 2 + i), c(1, r, 2)));
  same(c(3, S3_TOTAL_ROW, 1), c(1, S1_ROWS.total, 2));
  same(c(3, S3_TOTAL_ROW, 2), c(1, S1_ROWS.total, 3));
  levels.forEach((r, i) => same(c(3, S3_TOTAL_ROW, 3 + i), c(1, r, 2)));
  same(c(4, S4_ROWS.total, 1), c(1, S1_ROWS.total, 2));
  same(c(4, S4_ROWS.total, 2), c(1, S1_ROWS.total, 3));
  for (let g = 1; g <= 12; g++) same(c(4, S4_ROWS.total, g + 2), c(1, g, 2));
  [...levels, S1_ROWS.total].forEach((r, i) => same(c(7, i + 1, 3), c(1, r, 6)));
  // The dashboard measures.
  const measures = Object.keys(values).filter(isPupilMeasure);
  for (const id of measures) pupilCells.add(id);
  const group = (prefix: string) => measures.filter((id) => id.startsWith(prefix) && id.split('.').length === 4);
  const partition = (total: string, parts: string[]) => {
    if (parts.length === 0) return;
    margins.add(total);
    constraints.push({ total, parts });
  };
  for (const id of [
    'x.pupils',
    'x.disp.none',
    'x.disp.internal',
    'x.disp.external',
    'x.contact.lost',
    'x.contact.restored',
  ])
    pupilCells.add(id);
  same('x.pupils', c(1, S1_ROWS.total, 2));
  partition('x.pupils', ['x.pupils.urban', 'x.pupils.rural', 'x.pupils.locality_unknown']);
  partition('x.pupils', ['x.disp.none', 'x.disp.internal', 'x.disp.external']);
  partition('x.disp.internal', group('x.disp.internal.'));
  partition('x.disp.external', group('x.disp.external.'));
  partition('x.contact.lost', group('x.contact.lost.'));
  const inContact = complement('x.contact.in_contact');
  complements.set(inContact, v('x.pupils') - v('x.contact.lost') - v('x.contact.restored'));
  partition('x.pupils', ['x.contact.lost', 'x.contact.restored', inContact]);
  partition('x.pupils', ['x.quality.errors', 'x.quality.warnings', 'x.quality.clean']);
  for (const id of ['x.pupils.urban', 'x.pupils.rural', 'x.pupils.locality_unknown']) pupilCells.add(id);
  for (const id of ['x.quality.errors', 'x.quality.warnings', 'x.quality.clean']) pupilCells.add(id);
  return { constraints, margins, complements, pupilCells };
}

/**
 * The published variant of a set of cells (a school's, an ОУО's, a region's or the nation's): every cell of the form
 * and every given measure, with suppressed ones as null.
 *
 * @example publishCells(rollup, 2025).values['1.16.2'] // the total, unless it is below 5
 */
export function publishCells(
  values: Readonly<Record<CellId, number>>,
  schoolYear: number,
  extra?: ExtraCells,
  threshold = 5,
): PublishedCells {
  const { constraints, margins, complements, pupilCells } = formConstraints(schoolYear, values);
  const all = new Map<string, number>();
  for (const id of pupilCells) all.set(id, values[id] ?? 0);
  for (const [id, n] of complements) all.set(id, n);
  const extraConstraints = extra?.constraints ?? [];
  if (extra) for (const [id, n] of extra.values) all.set(id, n);
  for (const k of extraConstraints) margins.add(k.total);
  const result = suppressSmallCells({
    values: all,
    constraints: [...constraints, ...extraConstraints],
    unpublished: new Set(complements.keys()),
    margins,
    threshold,
  });
  const out: Record<CellId, number | null> = {};
  for (const [id, n] of Object.entries(values)) out[id] = n;
  for (const id of pupilCells) out[id] ??= values[id] ?? 0;
  if (extra) for (const [id, n] of extra.values) out[id] = n;
  for (const id of result.hidden) out[id] = null;
  return { values: out, hidden: [...result.hidden].sort(), threshold };
}
