/**
 * ZNZ-1 from pupil records: which cells each pupil (or group of identical pupils) counts in, and the sums.
 *
 * The same function decides both the numbers and the drill-down: a cell's value is the number of pupils whose
 * `contingentCells` / `movementCells` contain it, so the pupils listed behind a number are exactly the ones counted.
 *
 * "As of a date" (the form is as of 5 September): the pupils of a school on date D are its enrolment spells open on D
 * (entry_date ≤ D and no exit or exit_date ≥ D: an exit date is the pupil's last day). Their attributes (sex, birth date, form of education, language,
 * special needs, displacement, contact, data quality) are the record's current values.
 */
import {
  FORM_EDUCATION_FORMS,
  FORM_LANGUAGES,
  INDIVIDUAL_FORMS,
  MOVEMENT_TOTAL_ROW,
  S1_ROWS,
  S2_OTHER_ROW,
  S2_TOTAL_ROW,
  S3_TOTAL_ROW,
  S4_ROWS,
  birthYearRow,
  cellId as c,
  exitColumn,
  isEnterable,
  levelIndex,
  yearEndColumn,
  type CellId,
} from './znz1-form';

/** Pupils of one school on the report date with identical attributes (one pupil: count 1). */
export interface ContingentFact {
  grade: number;
  classLetter: string;
  sex: string;
  birthYear: number | null;
  educationForm: string;
  instructionLanguage: string;
  specialNeeds: boolean;
  displacement: string;
  /** KATOTTH code of the oblast (level 1) of an internally displaced pupil's origin, when recorded. */
  originRegion: string | null;
  /** ISO 3166-1 code of the country of a pupil abroad, when recorded. */
  country: string | null;
  contact: string;
  hasErrors: boolean;
  hasWarnings: boolean;
  count: number;
}

/**
 * A spell of the period: `arrival` (entered after 1 September up to the report date; `reason` = the entry basis),
 * `exit` (last day from 1 September to the day before the report date; `reason` = the exit reason) or `yearEnd`
 * (a spell of the previous school year; `reason` = how it was closed).
 */
export interface MovementFact {
  kind: 'arrival' | 'exit' | 'yearEnd';
  grade: number;
  reason: string | null;
  count: number;
}

/** Entry bases that are not arrivals: a new spell in the same school (another class, the next or the same grade). */
export const NOT_ARRIVALS: ReadonlySet<string> = new Set(['class_change', 'promotion', 'repeat']);

/** What the header knows about the school that matters to the numbers. */
export interface SchoolProfile {
  schoolType: string | null;
  settlementType: string | null;
  ownership: string | null;
  status: string;
}

export interface Znz1Input {
  /** The first calendar year of the report's school year (2025 for 2025-2026). */
  schoolYear: number;
  school: SchoolProfile;
  contingent: readonly ContingentFact[];
  movement: readonly MovementFact[];
  /** Cells entered by the school (second shift, extended-day groups): the latest value of each. */
  entered: Readonly<Record<CellId, number>>;
}

export interface Znz1Cells {
  /** Non-zero cells only (a missing cell is 0). */
  values: Record<CellId, number>;
  /** Cells whose value the school entered (and the totals computed from them). */
  entered: CellId[];
}

/**
 * Special schools teach in special classes, not inclusive ones (Положення про спеціальну школу, постанова КМУ
 * № 221 від 15.03.2021); inclusive classes are those of other schools with at least one pupil with special
 * educational needs (Порядок організації інклюзивного навчання, постанова КМУ № 957 від 15.09.2021).
 */
export const isSpecialSchool = (school: Pick<SchoolProfile, 'schoolType'>): boolean => school.schoolType === 'special';

export const classKey = (grade: number, classLetter: string): string => `${grade}-${classLetter}`;

/** The inclusive classes of a school: its classes (other than in a special school) with a pupil with special needs. */
export function inclusiveClasses(facts: readonly ContingentFact[], school: Pick<SchoolProfile, 'schoolType'>) {
  const out = new Set<string>();
  if (isSpecialSchool(school)) return out;
  for (const f of facts) if (f.specialNeeds && f.count > 0) out.add(classKey(f.grade, f.classLetter));
  return out;
}

export interface PupilContext {
  schoolYear: number;
  inclusive: boolean;
  specialSchool: boolean;
  settlementType: string | null;
}

const rowsOfGrade = (grade: number) => [grade, S1_ROWS.primary + levelIndex(grade), S1_ROWS.total];
const female = (sex: string) => sex === 'female';

/**
 * A cell of the form as a number (section · 10⁶ + row · 10³ + column) while a report is summed: a school's pupils
 * touch a few hundred cells tens of thousands of times, and summing under freshly built text keys (each hashed anew)
 * was most of the largest school's report. {@link cellOfKey} turns it back into the cell's id.
 */
type CellKey = number;
const key = (section: number, row: number, col: number): CellKey => section * 1_000_000 + row * 1_000 + col;
const cellOfKey = (k: CellKey): CellId => c(Math.floor(k / 1_000_000), Math.floor(k / 1_000) % 1_000, k % 1_000);

/** Calls `emit` for every cell (form cells as keys, `x.` measures as ids) a pupil on the report date counts in. */
function visitContingentCells(
  f: Omit<ContingentFact, 'count'>,
  ctx: PupilContext,
  emit: (cell: CellKey | string) => void,
): void {
  const level = levelIndex(f.grade);
  const girl = female(f.sex);
  for (const r of rowsOfGrade(f.grade)) {
    emit(key(1, r, 2));
    if (girl) emit(key(1, r, 3));
    if (ctx.inclusive) {
      emit(key(1, r, 5));
      if (f.specialNeeds) emit(key(1, r, 6));
    }
  }
  const language = FORM_LANGUAGES.indexOf(f.instructionLanguage as (typeof FORM_LANGUAGES)[number]);
  for (const r of [language >= 0 ? language + 1 : S2_OTHER_ROW, S2_TOTAL_ROW]) {
    emit(key(2, r, 1));
    emit(key(2, r, 2 + level));
  }
  const form = FORM_EDUCATION_FORMS.indexOf(f.educationForm as (typeof FORM_EDUCATION_FORMS)[number]);
  if (form < 0) throw new Error(`unknown form of education: ${f.educationForm}`);
  for (const r of [form + 1, S3_TOTAL_ROW]) {
    emit(key(3, r, 1));
    emit(key(3, r, 3 + level));
    if (girl) emit(key(3, r, 2));
  }
  for (const r of [birthYearRow(f.birthYear, ctx.schoolYear), S4_ROWS.total]) {
    emit(key(4, r, 1));
    emit(key(4, r, f.grade + 2));
    if (girl) emit(key(4, r, 2));
  }
  if (f.specialNeeds) {
    for (const r of [level + 1, 4]) {
      emit(key(7, r, 1));
      if (girl) emit(key(7, r, 2));
      emit(key(7, r, ctx.specialSchool ? 5 : 3));
      if (INDIVIDUAL_FORMS.has(f.educationForm)) emit(key(7, r, 4));
    }
  }
  emit('x.pupils');
  emit(`x.pupils.${ctx.settlementType ?? 'locality_unknown'}`);
  emit(`x.disp.${f.displacement}`);
  if (f.displacement === 'internal') emit(`x.disp.internal.${f.originRegion ?? 'unknown'}`);
  if (f.displacement === 'external') emit(`x.disp.external.${f.country ?? 'unknown'}`);
  if (f.contact === 'lost') {
    emit('x.contact.lost');
    emit(`x.contact.lost.${f.grade}`);
  }
  if (f.contact === 'restored') emit('x.contact.restored');
  emit(f.hasErrors ? 'x.quality.errors' : f.hasWarnings ? 'x.quality.warnings' : 'x.quality.clean');
}

/** Every cell (form and `x.` measures) a pupil on the report date counts in. */
export function contingentCells(f: Omit<ContingentFact, 'count'>, ctx: PupilContext): CellId[] {
  const out: CellId[] = [];
  visitContingentCells(f, ctx, (cell) => out.push(typeof cell === 'number' ? cellOfKey(cell) : cell));
  return out;
}

/** The cells a movement counts in (none for a spell closed by a class change). */
export function movementCells(m: Omit<MovementFact, 'count'>): CellId[] {
  const rows = [m.grade, MOVEMENT_TOTAL_ROW];
  if (m.kind === 'arrival') return m.reason && NOT_ARRIVALS.has(m.reason) ? [] : rows.map((r) => c(5, r, 1));
  if (m.kind === 'exit') {
    const col = m.reason ? exitColumn(m.reason) : null;
    return col === null ? [] : rows.flatMap((r) => [c(5, r, 2), c(5, r, col)]);
  }
  const col = m.reason ? yearEndColumn(m.reason) : null;
  return col === null ? [] : rows.flatMap((r) => [c(6, r, col), c(6, r, 4)]);
}

/** The cells a class counts in (section 1, columns 1 and 4). */
export function classCells(grade: number, inclusive: boolean): CellId[] {
  return rowsOfGrade(grade).flatMap((r) => (inclusive ? [c(1, r, 1), c(1, r, 4)] : [c(1, r, 1)]));
}

/** The school itself in the roll-ups: how many schools, of which kind (for 76-РВК and the dashboards). */
export function schoolCells(school: SchoolProfile, withErrors: boolean): CellId[] {
  const out = ['x.schools', `x.schools.${school.settlementType ?? 'locality_unknown'}`];
  if (school.schoolType) out.push(`x.schools.type.${school.schoolType}`);
  if (school.ownership) out.push(`x.schools.ownership.${school.ownership}`);
  if (school.status === 'relocated') out.push('x.schools.relocated');
  if (withErrors) out.push('x.schools.withErrors');
  return out;
}

/**
 * Every number of the form for one school, from its pupils on the report date, its movements and its entered cells.
 *
 * @example aggregateZnz1({ schoolYear: 2025, school, contingent, movement: [], entered: {} }).values['1.16.2']
 */
export function aggregateZnz1(input: Znz1Input): Znz1Cells {
  // Summed under numeric keys in a Map (see CellKey), turned into the form's ids once at the end.
  const sums = new Map<CellKey | CellId, number>();
  const add = (id: CellKey | CellId, n: number) => {
    if (n !== 0) sums.set(id, (sums.get(id) ?? 0) + n);
  };
  const specialSchool = isSpecialSchool(input.school);
  const inclusive = inclusiveClasses(input.contingent, input.school);
  const classes = new Map<string, number>();
  let withErrors = false;
  for (const f of input.contingent) {
    if (f.count <= 0) continue;
    const key = classKey(f.grade, f.classLetter);
    classes.set(key, f.grade);
    if (f.hasErrors) withErrors = true;
    const ctx = {
      schoolYear: input.schoolYear,
      inclusive: inclusive.has(key),
      specialSchool,
      settlementType: input.school.settlementType,
    };
    visitContingentCells(f, ctx, (cell) => add(cell, f.count));
  }
  for (const [key, grade] of classes) for (const id of classCells(grade, inclusive.has(key))) add(id, 1);
  for (const m of input.movement) if (m.count > 0) for (const id of movementCells(m)) add(id, m.count);
  for (const id of schoolCells(input.school, withErrors)) add(id, 1);
  const entered: CellId[] = [];
  for (const [id, n] of Object.entries(input.entered)) {
    if (!isEnterable(id, input.schoolYear) || !Number.isInteger(n) || n < 0) continue;
    entered.push(id);
    add(id, n);
    const [section, , col] = id.split('.').map(Number) as [number, number, number];
    // Section 8's total row sums the levels the school entered.
    if (section === 8) add(c(8, 4, col), n);
  }
  if (entered.some((id) => id.startsWith('8.'))) entered.push(c(8, 4, 1), c(8, 4, 2));
  const values: Record<CellId, number> = {};
  for (const [cell, n] of sums) {
    const id = typeof cell === 'number' ? cellOfKey(cell) : cell;
    values[id] = (values[id] ?? 0) + n;
  }
  return { values, entered: [...new Set(entered)].sort() };
}

/** Sums cell maps (a roll-up: ОУО, region, nation). */
export function sumCells(parts: Iterable<Readonly<Record<CellId, number>>>): Record<CellId, number> {
  const out: Record<CellId, number> = {};
  for (const p of parts) for (const [id, n] of Object.entries(p)) if (n !== 0) out[id] = (out[id] ?? 0) + n;
  return out;
}

/**
 * For drill-down: the pupil cell that lists the same pupils as a class cell (the classes of grade 5 → the pupils of
 * grade 5; inclusive classes → the pupils in them), or the cell itself.
 */
export function drillDownCell(id: CellId): CellId {
  const m = /^1\.(\d+)\.([14])$/.exec(id);
  if (!m) return id;
  return c(1, Number(m[1]), m[2] === '1' ? 2 : 5);
}
