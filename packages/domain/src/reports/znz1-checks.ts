/**
 * Consistency checks of a ZNZ-1 report (or a roll-up): the totals equal the registry's own counts, the sections agree
 * with each other and with their sums, entered numbers do not exceed what the records show, and a school with open
 * blocking errors (records that would not pass the validation catalogue) is flagged, because its numbers rest on
 * records under correction.
 */
import { S1_ROWS, S2_TOTAL_ROW, S3_TOTAL_ROW, S4_ROWS, cellId as c, znz1Form, type CellId } from './znz1-form';

export interface Znz1Check {
  code: string;
  /** error: the report is not to be relied on as it is; warning: to be looked at. */
  severity: 'error' | 'warning';
  ok: boolean;
  uk: string;
  expected?: number;
  actual?: number;
  cells?: CellId[];
}

/** What the registry says, counted apart from the report (independent SQL counts). */
export interface RegistryCounts {
  /** Spells open on the report date. */
  pupils: number;
  /** Distinct classes with at least one such spell. */
  classes: number;
  /** Of the pupils, those whose records have errors of the validation catalogue. */
  blockingErrors: number;
}

export interface CheckOptions {
  schoolYear: number;
  /** Cells the school entered (to tell "not entered yet" from 0). */
  entered: readonly CellId[];
  /** A roll-up: how many schools it should cover and how many it includes, how many are out of date. */
  coverage?: { schools: number; included: number; stale: number; withErrors: number };
}

/** Cells of the form's sums that do not add up (a programming or data error if it ever happens). */
export function sumMismatches(values: Readonly<Record<CellId, number>>, schoolYear: number): CellId[] {
  const v = (id: CellId) => values[id] ?? 0;
  const bad: CellId[] = [];
  for (const s of znz1Form(schoolYear)) {
    for (const row of s.rows) {
      for (const col of s.cols) {
        const id = c(s.n, row.n, col.n);
        if (row.sumOf && row.sumOf.reduce((a, r) => a + v(c(s.n, r, col.n)), 0) !== v(id)) bad.push(id);
        else if (col.sumOf && col.sumOf.reduce((a, k) => a + v(c(s.n, row.n, k)), 0) !== v(id)) bad.push(id);
        else if (col.partOf !== undefined && v(id) > v(c(s.n, row.n, col.partOf))) bad.push(id);
      }
    }
  }
  return bad;
}

/**
 * Runs every check.
 *
 * @example checkZnz1(cells.values, { pupils: 412, classes: 16, blockingErrors: 3 }, { schoolYear: 2025, entered: [] })
 */
export function checkZnz1(
  values: Readonly<Record<CellId, number>>,
  registry: RegistryCounts,
  options: CheckOptions,
): Znz1Check[] {
  const v = (id: CellId) => values[id] ?? 0;
  const total = c(1, S1_ROWS.total, 2);
  const checks: Znz1Check[] = [];
  const equal = (code: string, uk: string, expected: number, id: CellId, severity: 'error' | 'warning' = 'error') =>
    checks.push({ code, severity, ok: v(id) === expected, uk, expected, actual: v(id), cells: [id] });

  equal('TOTAL_EQUALS_REGISTRY', 'Учнів у звіті стільки, скільки в реєстрі на дату звіту', registry.pupils, total);
  equal(
    'CLASSES_EQUAL_REGISTRY',
    'Класів у звіті стільки, скільки в реєстрі на дату звіту',
    registry.classes,
    c(1, S1_ROWS.total, 1),
  );
  equal('LANGUAGES_TOTAL', 'Розділ 2 (мови навчання) дає ту саму кількість учнів', v(total), c(2, S2_TOTAL_ROW, 1));
  equal('FORMS_TOTAL', 'Розділ 3 (форми здобуття освіти) дає ту саму кількість учнів', v(total), c(3, S3_TOTAL_ROW, 1));
  equal('BIRTH_YEARS_TOTAL', 'Розділ 4 (рік народження) дає ту саму кількість учнів', v(total), c(4, S4_ROWS.total, 1));
  equal(
    'SPECIAL_NEEDS_INCLUSIVE',
    'Учнів з ООП в інклюзивних класах у розділах 1 і 7 однаково',
    v(c(1, S1_ROWS.total, 6)),
    c(7, 4, 3),
  );
  const bad = sumMismatches(values, options.schoolYear);
  checks.push({
    code: 'FORM_SUMS',
    severity: 'error',
    ok: bad.length === 0,
    uk: 'Підсумкові рядки й графи дорівнюють сумам своїх складових',
    cells: bad,
  });
  checks.push({
    code: 'BLOCKING_ERRORS',
    severity: 'error',
    ok: registry.blockingErrors === 0,
    uk:
      registry.blockingErrors === 0
        ? 'Записи учнів не мають помилок, що блокують'
        : `Записи ${registry.blockingErrors} учнів мають відкриті помилки, що блокують: звіт спирається на дані, які ще виправляють`,
    expected: 0,
    actual: registry.blockingErrors,
  });

  const exceeding: CellId[] = [];
  [S1_ROWS.primary, S1_ROWS.basic, S1_ROWS.profile].forEach((r, i) => {
    if (v(c(8, i + 1, 1)) > v(c(1, r, 1))) exceeding.push(c(8, i + 1, 1));
    if (v(c(8, i + 1, 2)) > v(c(1, r, 2))) exceeding.push(c(8, i + 1, 2));
  });
  if (v(c(9, 1, 2)) > v(total)) exceeding.push(c(9, 1, 2));
  checks.push({
    code: 'ENTERED_WITHIN_RECORDS',
    severity: 'warning',
    ok: exceeding.length === 0,
    uk: 'Внесені закладом кількості не перевищують кількостей класів і учнів за даними реєстру',
    cells: exceeding,
  });
  if (!options.coverage) {
    const missing = ['8.1.1', '8.2.1', '8.3.1', '9.1.1'].filter((id) => !options.entered.includes(id));
    checks.push({
      code: 'ENTERED_FILLED',
      severity: 'warning',
      ok: missing.length === 0,
      uk: 'Заклад заповнив розділи 8 і 9 (друга зміна, групи подовженого дня)',
      cells: missing,
    });
  }

  if (options.coverage) {
    const cov = options.coverage;
    checks.push({
      code: 'COVERAGE',
      severity: 'error',
      ok: cov.included === cov.schools,
      uk: `Зведення охоплює ${cov.included} з ${cov.schools} закладів`,
      expected: cov.schools,
      actual: cov.included,
    });
    checks.push({
      code: 'UP_TO_DATE',
      severity: 'warning',
      ok: cov.stale === 0,
      uk:
        cov.stale === 0
          ? 'Дані всіх закладів зведення актуальні'
          : `Після побудови зведення змінилися записи учнів ${cov.stale} закладів: оновіть зведення`,
      expected: 0,
      actual: cov.stale,
    });
    checks.push({
      code: 'SCHOOLS_WITH_ERRORS',
      severity: 'warning',
      ok: cov.withErrors === 0,
      uk:
        cov.withErrors === 0
          ? 'У жодного закладу немає записів з помилками, що блокують'
          : `${cov.withErrors} закладів мають записи учнів з помилками, що блокують`,
      expected: 0,
      actual: cov.withErrors,
    });
  }
  return checks;
}
