/**
 * The normative class size (розрахункова наповнюваність класів) of a budget, from the density of pupils per km² and
 * the percentage of rural population, for founders other than cities of oblast significance: the table of the
 * Formula of allocation of the education subvention (постанова КМУ № 1088 від 27.12.2017 in its editions; quoted in
 * J. Herczyński, «Формули розподілу освітньої субвенції в Україні», ПДУ/SALAR, 2023, table 4). [V]
 *
 * The table names its bands «0–1,3», «1,3–1,5», …, «≥ 9,4» and «0–25», …, «89–100», «100» without saying which band
 * a boundary value belongs to; here a band includes its lower bound and excludes its upper one (so 1,3 falls in
 * «1,3–1,5» and exactly 100 % in «100») — an assumption [I] recorded with the table.
 */
import { decimalToText, formatDecimal, isDecimal, parseDecimal, SCALE, type Ratio } from './decimal';

export interface ClassSizeTable {
  /** Inner bounds of the density bands, ascending: band i is [bound i−1, bound i); the last is ≥ the last bound. */
  densityBounds: string[];
  /** Inner bounds of the rural-share bands in %, ascending, the same convention (the last band is exactly 100). */
  ruralBounds: string[];
  /** values[densityBand][ruralBand], pupils per class. */
  values: string[][];
}

/** The table as published (pupils per class). */
export const KNOWN_CLASS_SIZE_TABLE: ClassSizeTable = {
  densityBounds: ['1.3', '1.5', '2.2', '2.6', '3.6', '3.7', '9.4'],
  ruralBounds: ['25', '46', '57', '64', '67', '75', '89', '100'],
  values: [
    ['13.5', '11.5', '11.5', '11.5', '11', '10.5', '10', '10', '10'],
    ['13.5', '13.5', '13.5', '13', '12', '11.5', '11.5', '11', '11'],
    ['15', '15', '14', '13', '13', '12.5', '12', '11.5', '11'],
    ['15', '15', '14', '14', '13.5', '12.5', '12', '11.5', '11.5'],
    ['17', '16', '15', '14', '13.5', '13', '12.5', '12.5', '12'],
    ['19', '16', '15.5', '14', '13.5', '13', '12.5', '12.5', '12'],
    ['19', '17', '16.5', '15', '14', '14', '14', '14', '13'],
    ['20.5', '18', '18', '17.5', '15', '15', '15', '15', '14.5'],
  ],
};

export const CLASS_SIZE_TABLE_SOURCE =
  'Формула розподілу освітньої субвенції між місцевими бюджетами (постанова КМУ № 1088 від 27.12.2017 у редакціях 2018–2024 рр.): ' +
  'таблиця розрахункової наповнюваності класів для засновників, крім міст обласного значення; ' +
  'також: Я. Герчинський, «Формули розподілу освітньої субвенції в Україні», ПДУ (SALAR International), 2023, табл. 4. ' +
  'Межа інтервалу належить інтервалу, що від неї починається (припущення).';

/** Problems of a table's shape (empty when it is usable). */
export function classSizeTableProblems(t: ClassSizeTable): string[] {
  const problems: string[] = [];
  const ascending = (bounds: string[], what: string) => {
    if (!bounds.every(isDecimal)) return problems.push(`${what}: межі мають бути десятковими числами`);
    const v = bounds.map(parseDecimal);
    if (v.some((x, i) => i > 0 && x <= v[i - 1]!)) problems.push(`${what}: межі мають зростати`);
    return 0;
  };
  ascending(t.densityBounds, 'щільність');
  ascending(t.ruralBounds, 'частка сільського населення');
  if (t.ruralBounds.every(isDecimal) && t.ruralBounds.some((b) => parseDecimal(b) > 100n * SCALE))
    problems.push('частка сільського населення: межі не можуть перевищувати 100 %');
  if (t.values.length !== t.densityBounds.length + 1)
    problems.push(`рядків має бути ${t.densityBounds.length + 1} (на один більше, ніж меж щільності)`);
  t.values.forEach((row, i) => {
    if (row.length !== t.ruralBounds.length + 1)
      problems.push(`рядок ${i + 1}: стовпців має бути ${t.ruralBounds.length + 1}`);
    if (!row.every((v) => isDecimal(v) && parseDecimal(v) > 0n))
      problems.push(`рядок ${i + 1}: наповнюваність має бути додатним числом`);
  });
  return problems;
}

/** A table with its bounds read once (allocations look up ≈ 1 500 budgets). */
export interface ParsedClassSizeTable {
  densityBounds: bigint[];
  ruralBounds: bigint[];
  values: string[][];
}

export function parseClassSizeTable(table: ClassSizeTable): ParsedClassSizeTable {
  return {
    densityBounds: table.densityBounds.map(parseDecimal),
    ruralBounds: table.ruralBounds.map(parseDecimal),
    values: table.values,
  };
}

/** The band a ratio falls in: the number of bounds at or below it. */
function band(bounds: readonly bigint[], value: Ratio): number {
  let i = 0;
  while (i < bounds.length && value.num * SCALE >= bounds[i]! * value.den) i++;
  return i;
}

export interface ClassSizeCell {
  densityBand: number;
  ruralBand: number;
  /** Pupils per class, as in the table. */
  value: string;
}

/**
 * The table's cell for a density (pupils per km²) and a rural share (%), compared exactly.
 *
 * @example lookupClassSize(KNOWN_CLASS_SIZE_TABLE, { num: 31n, den: 10n }, { num: 70n, den: 1n })
 * // { densityBand: 4, ruralBand: 5, value: '13' } — 3,1 учня/км², 70 % сільського населення
 */
export function lookupClassSize(
  table: ClassSizeTable | ParsedClassSizeTable,
  density: Ratio,
  ruralPct: Ratio,
): ClassSizeCell {
  const parsed =
    typeof table.densityBounds[0] === 'bigint'
      ? (table as ParsedClassSizeTable)
      : parseClassSizeTable(table as ClassSizeTable);
  const densityBand = band(parsed.densityBounds, density);
  const ruralBand = band(parsed.ruralBounds, ruralPct);
  return { densityBand, ruralBand, value: parsed.values[densityBand]![ruralBand]! };
}

/** Ukrainian labels of the bands: «0–1,3», …, «≥ 9,4»; the rural bands end with the single value «100». */
export function bandLabels(table: ClassSizeTable): { density: string[]; rural: string[] } {
  const label = (bounds: string[], lastIsPoint: boolean) =>
    [...bounds, null].map((upper, i) => {
      const lower = i === 0 ? '0' : decimalToText(parseDecimal(bounds[i - 1]!));
      if (upper === null) return lastIsPoint ? lower : `≥ ${lower}`;
      return `${lower}–${decimalToText(parseDecimal(upper))}`;
    });
  return { density: label(table.densityBounds, false), rural: label(table.ruralBounds, true) };
}

/**
 * The table with every value moved by `delta` pupils (a scenario «нормативи наповнюваності +1»); values stay at least
 * one pupil.
 *
 * @example shiftClassSizeTable(KNOWN_CLASS_SIZE_TABLE, '1').values[0][0] // '14.5'
 */
export function shiftClassSizeTable(table: ClassSizeTable, delta: string, sign: 1 | -1 = 1): ClassSizeTable {
  const d = parseDecimal(delta) * BigInt(sign);
  return {
    densityBounds: [...table.densityBounds],
    ruralBounds: [...table.ruralBounds],
    values: table.values.map((row) =>
      row.map((v) => {
        const next = parseDecimal(v) + d;
        return formatDecimal(next < SCALE ? SCALE : next);
      }),
    ),
  };
}
