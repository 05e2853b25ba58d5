/**
 * One data row of a school's file: its cells read by column into an exchange record, checked by the validation
 * catalogue, with every issue placed at the column the school sees.
 */
import type { PupilRecord } from '@aikom/domain/exchange-record';
import { pointersOverlap } from '@aikom/domain/validation/issue';
import { parseSchoolYearLabel } from '@aikom/domain/school-year';
import { validateOnServer } from '../pupils/validation';
import { cellScalar, readCell, type CellProblem } from './cells';
import { COLUMN_BY_KEY, columnOfPath, type FoundColumn } from './columns';

/** An issue of one row, as stored and shown: the catalogue's (or the import's) code, path and Ukrainian message. */
export interface RowIssue {
  code: string;
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** The column key (`birthCertificate.series`) the path belongs to; null for the record as a whole. */
  column: string | null;
}

export type RowStatus = 'valid' | 'warning' | 'error';

/** A row read from the file: the original cell texts by column key, and the record made from them. */
export interface ReadRow {
  rowNo: number;
  values: Record<string, string>;
  record: Record<string, unknown>;
  issues: RowIssue[];
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  node[parts.at(-1)!] = value;
}

const issueAt = (key: string, p: CellProblem): RowIssue => ({
  code: p.code,
  path: COLUMN_BY_KEY.get(key)!.path,
  message: p.message,
  severity: 'error',
  column: key,
});

/**
 * Reads a row's cells (raw exceljs values or CSV strings, by 0-based position) for the columns found in the header.
 * Returns null for a row with no data in any known column (blank rows, a pre-numbered empty template).
 */
export function readRow(rowNo: number, columns: readonly FoundColumn[], cells: ReadonlyArray<unknown>): ReadRow | null {
  const values: Record<string, string> = {};
  const record: Record<string, unknown> = {};
  const issues: RowIssue[] = [];
  let any = false;
  let letterFromGrade: string | undefined;
  for (const c of columns) {
    const def = COLUMN_BY_KEY.get(c.key)!;
    const raw = cells[c.index];
    const cell = readCell(def, typeof raw === 'string' ? raw : cellScalar(raw));
    if (cell.text !== '' || cell.problem) any = true;
    if (cell.text !== '') values[c.key] = cell.text;
    if (cell.problem) issues.push(issueAt(c.key, cell.problem));
    else if (cell.value !== undefined) setPath(record, c.key, cell.value);
    if (cell.classLetter) letterFromGrade = cell.classLetter;
  }
  if (!any) return null;
  if (letterFromGrade !== undefined && !('enrollment.classLetter' in values))
    setPath(record, 'enrollment.classLetter', letterFromGrade);
  return { rowNo, values, record, issues };
}

/** What a row is checked against besides the catalogue: the school of the import and the school years the registry has. */
export interface RowContext {
  school: { edrpou: string };
  /** The default school year, e.g. `2025-2026`. */
  schoolYear: string;
  /** School years open in the registry (by first calendar year): an enrolment needs its year there. */
  knownYears: ReadonlySet<number>;
  now: Date;
}

export interface CheckedRow {
  record: PupilRecord;
  issues: RowIssue[];
}

const compact = (s: string) => s.replace(/\s+/gu, '');

/**
 * Completes a row's record with the import's school and default school year, runs the validation catalogue and
 * merges its issues with the cell problems. A cell problem explains its field, so catalogue issues about the same
 * field are left out (an unreadable date is not also reported as a missing one).
 */
export function checkRow(row: ReadRow, context: RowContext): CheckedRow {
  const own: RowIssue[] = [...row.issues];
  const record = structuredClone(row.record);
  const enrollment = (record.enrollment ?? {}) as Record<string, unknown>;
  record.enrollment = enrollment;
  const given = typeof enrollment.schoolEdrpou === 'string' ? compact(enrollment.schoolEdrpou) : '';
  if (given === '') enrollment.schoolEdrpou = context.school.edrpou;
  else if (given !== context.school.edrpou) {
    own.push({
      code: 'IMPORT_OTHER_SCHOOL',
      path: '/enrollment/schoolEdrpou',
      message:
        'Рядок належить іншому закладу: імпортувати можна лише учнів закладу, для якого завантажено файл. Залиште клітинку порожньою або зазначте код ЄДРПОУ цього закладу.',
      severity: 'error',
      column: 'enrollment.schoolEdrpou',
    });
  }
  if (enrollment.schoolYear === undefined) enrollment.schoolYear = context.schoolYear;

  const result = validateOnServer(record, context.now);
  const explained = own.map((i) => i.path);
  const catalogue: RowIssue[] = [...result.errors, ...result.warnings]
    .filter((i) => i.path === '' || !explained.some((p) => pointersOverlap(p, i.path)))
    .map((i) => ({
      code: i.code,
      path: i.path,
      message: i.message,
      severity: i.severity,
      column: columnOfPath(i.path)?.key ?? null,
    }));
  const issues = [...own, ...catalogue];

  const label = result.normalised.enrollment?.schoolYear;
  const year = typeof label === 'string' ? parseSchoolYearLabel(label) : null;
  if (year && !context.knownYears.has(year.id) && !issues.some((i) => i.path === '/enrollment/schoolYear')) {
    issues.push({
      code: 'IMPORT_SCHOOL_YEAR_NOT_OPEN',
      path: '/enrollment/schoolYear',
      message: `Навчальний рік ${year.label} ще не відкрито в реєстрі; зарахувати учнів на нього поки не можна.`,
      severity: 'error',
      column: 'enrollment.schoolYear',
    });
  }
  return { record: result.normalised, issues };
}

export function statusOf(issues: readonly RowIssue[]): RowStatus {
  if (issues.some((i) => i.severity === 'error')) return 'error';
  return issues.length > 0 ? 'warning' : 'valid';
}
