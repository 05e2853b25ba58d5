/**
 * The layout of form № ЗНЗ-1 «Звіт закладу загальної середньої освіти» (наказ МОН № 868 від 30.07.2021,
 * зареєстровано в Мін'юсті 26.08.2021 за № 1119/36741; as of 5 September, yearly) and of its ОУО summary № 76-РВК
 * (№ 1120/36742), as far as pupil records determine it, plus the two tables a school enters by hand.
 *
 * Every number has a stable id `section.row.col`, the naming of the per-school ZNZ-1 open data on data.gov.ua
 * (row 1.1 col 1 = classes of grade 1). The sections follow the structure the form has kept through its editions
 * (classes and pupils by grade with girls and inclusive classes, language of instruction, forms of education, age and
 * sex, movement, results of the year, special needs, second shift, extended-day groups); the row and column numbers
 * are this registry's, documented in docs/reports-znz1.md. Ids never change meaning: a new row is appended.
 *
 * Pure data and helpers: no I/O, no clock.
 */
import {
  EDUCATION_FORMS,
  INSTRUCTION_LANGUAGES,
  type EducationForm,
  type InstructionLanguage,
} from '../exchange-record';

/** `section.row.col`, e.g. `1.5.2` = pupils of grade 5. Measures outside the form start with `x.` (dashboards). */
export type CellId = string;

export const cellId = (section: number, row: number, col: number): CellId => `${section}.${row}.${col}`;

/** What a number counts: only pupil counts are small-cell suppressed (a count of classes identifies nobody). */
export type CellUnit = 'pupils' | 'classes' | 'groups' | 'schools';

export interface FormColumn {
  n: number;
  uk: string;
  unit: CellUnit;
  /** This column is the sum of these columns of the same row. */
  sumOf?: readonly number[];
  /** «з них»: this column counts a part of that column of the same row. */
  partOf?: number;
}

export interface FormRow {
  n: number;
  uk: string;
  /** This row is the sum of these rows of the same section. */
  sumOf?: readonly number[];
}

export interface FormSection {
  n: number;
  uk: string;
  /** `records`: derived from pupil records; `entered`: typed in by the school (the records cannot tell). */
  source: 'records' | 'entered';
  /** Columns of the section in this cell may be entered (only for entered sections; totals are computed). */
  enterable?: (row: number, col: number) => boolean;
  note?: string;
  rows: readonly FormRow[];
  cols: readonly FormColumn[];
}

/** Grades of the form (grade 12 comes with the reform of the profile school: DOMAIN.md § 4). */
export const FORM_GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** Levels of complete general secondary education (Закон «Про повну загальну середню освіту», ст. 11). */
export const LEVELS = [
  { key: 'primary', uk: 'початкова освіта (1–4 класи)', short: '1–4 класи', from: 1, to: 4 },
  { key: 'basic', uk: 'базова середня освіта (5–9 класи)', short: '5–9 класи', from: 5, to: 9 },
  { key: 'profile', uk: 'профільна середня освіта (10–12 класи)', short: '10–12 класи', from: 10, to: 12 },
] as const;

/** 0, 1 or 2: the level of a grade. */
export function levelIndex(grade: number): 0 | 1 | 2 {
  return grade <= 4 ? 0 : grade <= 9 ? 1 : 2;
}

/**
 * The languages of instruction in the order of section 2, frozen here so that row numbers never move: a language
 * added to the enumeration of the exchange record goes to «інша мова» until the form gets a row for it (a unit test
 * watches for that).
 */
export const FORM_LANGUAGES: readonly InstructionLanguage[] = [
  'uk',
  'crh',
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'pl',
  'hu',
  'ro',
  'bg',
  'sk',
  'cs',
  'el',
  'lt',
  'lv',
  'et',
  'he',
  'yi',
  'gag',
  'be',
  'ru',
  'hy',
  'ka',
  'az',
  'tr',
  'ar',
  'zh',
  'ja',
  'ko',
];

/** Forms of education in the order of section 3 (Закон «Про повну загальну середню освіту», ст. 9). */
export const FORM_EDUCATION_FORMS: readonly EducationForm[] = [
  'day',
  'evening',
  'part_time',
  'distance',
  'network',
  'externship',
  'family',
  'patronage',
  'dual',
];

/** The individual forms (ст. 9 ч. 1 п. 2): externship, family (home) education, pedagogical patronage. */
export const INDIVIDUAL_FORMS: ReadonlySet<string> = new Set(['externship', 'family', 'patronage']);

// Row numbers that other modules refer to.
export const S1_ROWS = { primary: 13, basic: 14, profile: 15, total: 16 } as const;
export const S2_OTHER_ROW = FORM_LANGUAGES.length + 1;
export const S2_TOTAL_ROW = FORM_LANGUAGES.length + 2;
export const S3_TOTAL_ROW = FORM_EDUCATION_FORMS.length + 1;
/** Section 4: row 1 = born in Y−19 or earlier, rows 2–14 = Y−18 … Y−6, 15 = Y−5 or later, 16 = unknown, 17 = total. */
export const S4_ROWS = { earliest: 1, first: 2, last: 14, latest: 15, unknown: 16, total: 17 } as const;
export const S4_OFFSET = 20;
export const MOVEMENT_TOTAL_ROW = 13;

/** The row of section 4 for a birth year in the school year that starts in `schoolYear` (Y). */
export function birthYearRow(birthYear: number | null, schoolYear: number): number {
  if (birthYear === null) return S4_ROWS.unknown;
  const r = birthYear - schoolYear + S4_OFFSET;
  if (r < S4_ROWS.first) return S4_ROWS.earliest;
  if (r > S4_ROWS.last) return S4_ROWS.latest;
  return r;
}

const gradeRows = (): FormRow[] => FORM_GRADES.map((g) => ({ n: g, uk: `${g} клас` }));
const levelRows = (firstRow: number): FormRow[] =>
  LEVELS.map((l, i) => ({
    n: firstRow + i,
    uk: `усього в ${l.short}`,
    sumOf: FORM_GRADES.filter((g) => g >= l.from && g <= l.to),
  }));

/** Ukrainian names of the exit reasons as section 5 groups them. */
const EXIT_COLUMNS = [
  { n: 3, uk: 'з них переведено до інших закладів загальної середньої освіти', reasons: ['transfer'] },
  { n: 4, uk: 'вибуло за кордон', reasons: ['abroad'] },
  {
    n: 5,
    uk: 'вибуло до закладів професійної (професійно-технічної), фахової передвищої освіти',
    reasons: ['vocational'],
  },
  { n: 6, uk: 'вибуло з інших причин', reasons: ['completed', 'deceased', 'other'] },
] as const;

/** The section-5 column of an exit reason, or null for a reason that is not a departure (class change, year end). */
export function exitColumn(reason: string): number | null {
  for (const c of EXIT_COLUMNS) if ((c.reasons as readonly string[]).includes(reason)) return c.n;
  return null;
}

/** Year-end outcomes of section 6 by exit reason of the previous year's spell. */
export function yearEndColumn(reason: string): number | null {
  if (reason === 'promoted') return 1;
  if (reason === 'graduated' || reason === 'completed') return 2;
  if (reason === 'repeated') return 3;
  return null;
}

const forms = new Map<number, readonly FormSection[]>();

/**
 * The sections of the form for the school year that starts in `schoolYear` (only the labels of section 4 depend on
 * it: row 4.2 is always «born 18 years before the school year», whichever year that is). Built once per year.
 */
export function znz1Form(schoolYear: number): readonly FormSection[] {
  let form = forms.get(schoolYear);
  if (!form) {
    form = buildForm(schoolYear);
    forms.set(schoolYear, form);
  }
  return form;
}

function buildForm(schoolYear: number): readonly FormSection[] {
  const birthRows: FormRow[] = [
    { n: S4_ROWS.earliest, uk: `${schoolYear - 19} р. народження і раніше` },
    ...Array.from({ length: S4_ROWS.last - S4_ROWS.first + 1 }, (_, i) => ({
      n: S4_ROWS.first + i,
      uk: `${schoolYear - 18 + i} р. народження`,
    })),
    { n: S4_ROWS.latest, uk: `${schoolYear - 5} р. народження і пізніше` },
    { n: S4_ROWS.unknown, uk: 'дату народження не зазначено' },
    { n: S4_ROWS.total, uk: 'усього', sumOf: Array.from({ length: S4_ROWS.unknown }, (_, i) => i + 1) },
  ];
  return [
    {
      n: 1,
      uk: 'Мережа класів і контингент учнів',
      source: 'records',
      note:
        'Інклюзивний клас — клас закладу (крім спеціального), у якому навчається хоча б один учень з особливими ' +
        'освітніми потребами (Порядок організації інклюзивного навчання, постанова КМУ № 957 від 15.09.2021).',
      rows: [
        ...gradeRows(),
        ...levelRows(S1_ROWS.primary),
        { n: S1_ROWS.total, uk: 'усього', sumOf: [S1_ROWS.primary, S1_ROWS.basic, S1_ROWS.profile] },
      ],
      cols: [
        { n: 1, uk: 'класів', unit: 'classes' },
        { n: 2, uk: 'учнів', unit: 'pupils' },
        { n: 3, uk: 'з них дівчат', unit: 'pupils', partOf: 2 },
        { n: 4, uk: 'інклюзивних класів', unit: 'classes', partOf: 1 },
        { n: 5, uk: 'учнів в інклюзивних класах', unit: 'pupils', partOf: 2 },
        { n: 6, uk: 'з них учнів з особливими освітніми потребами', unit: 'pupils', partOf: 5 },
      ],
    },
    {
      n: 2,
      uk: 'Розподіл учнів за мовами навчання',
      source: 'records',
      rows: [
        ...FORM_LANGUAGES.map((code, i) => ({ n: i + 1, uk: INSTRUCTION_LANGUAGES[code].uk })),
        { n: S2_OTHER_ROW, uk: 'інша мова' },
        { n: S2_TOTAL_ROW, uk: 'усього', sumOf: Array.from({ length: S2_OTHER_ROW }, (_, i) => i + 1) },
      ],
      cols: [
        { n: 1, uk: 'учнів', unit: 'pupils', sumOf: [2, 3, 4] },
        ...LEVELS.map((l, i) => ({ n: i + 2, uk: `у ${l.short}`, unit: 'pupils' as const })),
      ],
    },
    {
      n: 3,
      uk: 'Розподіл учнів за формами здобуття освіти',
      source: 'records',
      rows: [
        ...FORM_EDUCATION_FORMS.map((f, i) => ({ n: i + 1, uk: EDUCATION_FORMS[f].uk })),
        { n: S3_TOTAL_ROW, uk: 'усього', sumOf: FORM_EDUCATION_FORMS.map((_, i) => i + 1) },
      ],
      cols: [
        { n: 1, uk: 'учнів', unit: 'pupils', sumOf: [3, 4, 5] },
        { n: 2, uk: 'з них дівчат', unit: 'pupils', partOf: 1 },
        ...LEVELS.map((l, i) => ({ n: i + 3, uk: `у ${l.short}`, unit: 'pupils' as const })),
      ],
    },
    {
      n: 4,
      uk: 'Розподіл учнів за роком народження, статтю і класами',
      source: 'records',
      rows: birthRows,
      cols: [
        { n: 1, uk: 'учнів', unit: 'pupils', sumOf: FORM_GRADES.map((g) => g + 2) },
        { n: 2, uk: 'з них дівчат', unit: 'pupils', partOf: 1 },
        ...FORM_GRADES.map((g) => ({ n: g + 2, uk: `${g} клас`, unit: 'pupils' as const })),
      ],
    },
    {
      n: 5,
      uk: 'Рух учнів з початку навчального року',
      source: 'records',
      note:
        'Прибулі — зараховані після 1 вересня до дати звіту включно (без переходів з класу в клас і переведень ' +
        'на наступний рік); вибулі — з останнім днем навчання від 1 вересня до дня перед датою звіту (учень, ' +
        'останній день якого — дата звіту, ще належить до контингенту).',
      rows: [...gradeRows(), { n: MOVEMENT_TOTAL_ROW, uk: 'усього', sumOf: [...FORM_GRADES] }],
      cols: [
        { n: 1, uk: 'прибуло учнів', unit: 'pupils' },
        { n: 2, uk: 'вибуло учнів', unit: 'pupils', sumOf: EXIT_COLUMNS.map((c) => c.n) },
        ...EXIT_COLUMNS.map((c) => ({ n: c.n, uk: c.uk, unit: 'pupils' as const })),
      ],
    },
    {
      n: 6,
      uk: 'Результати попереднього навчального року',
      source: 'records',
      note: 'За навчальними періодами (записами про навчання) попереднього навчального року, закритими на його кінець.',
      rows: [...gradeRows(), { n: MOVEMENT_TOTAL_ROW, uk: 'усього', sumOf: [...FORM_GRADES] }],
      cols: [
        { n: 1, uk: 'переведено до наступного класу', unit: 'pupils' },
        { n: 2, uk: 'випущено із закладу', unit: 'pupils' },
        { n: 3, uk: 'залишено на повторне навчання', unit: 'pupils' },
        { n: 4, uk: 'усього закінчили навчальний рік', unit: 'pupils', sumOf: [1, 2, 3] },
      ],
    },
    {
      n: 7,
      uk: 'Учні з особливими освітніми потребами',
      source: 'records',
      rows: [...LEVELS.map((l, i) => ({ n: i + 1, uk: `у ${l.short}` })), { n: 4, uk: 'усього', sumOf: [1, 2, 3] }],
      cols: [
        { n: 1, uk: 'учнів з особливими освітніми потребами', unit: 'pupils', sumOf: [3, 5] },
        { n: 2, uk: 'з них дівчат', unit: 'pupils', partOf: 1 },
        { n: 3, uk: 'навчаються в інклюзивних класах', unit: 'pupils' },
        { n: 4, uk: 'здобувають освіту за індивідуальною формою', unit: 'pupils', partOf: 1 },
        { n: 5, uk: 'навчаються в спеціальних закладах', unit: 'pupils' },
      ],
    },
    {
      n: 8,
      uk: 'Класи, що навчаються в другу зміну',
      source: 'entered',
      note: 'Заповнює заклад: розклад змін у реєстрі не ведеться.',
      enterable: (row) => row >= 1 && row <= 3,
      rows: [...LEVELS.map((l, i) => ({ n: i + 1, uk: `${l.short}` })), { n: 4, uk: 'усього', sumOf: [1, 2, 3] }],
      cols: [
        { n: 1, uk: 'класів', unit: 'classes' },
        { n: 2, uk: 'учнів у них', unit: 'pupils' },
      ],
    },
    {
      n: 9,
      uk: 'Групи подовженого дня',
      source: 'entered',
      note: 'Заповнює заклад: групи подовженого дня в реєстрі не ведуться.',
      enterable: (row) => row === 1,
      rows: [{ n: 1, uk: 'групи подовженого дня' }],
      cols: [
        { n: 1, uk: 'груп', unit: 'groups' },
        { n: 2, uk: 'учнів у них', unit: 'pupils' },
      ],
    },
  ];
}

export interface CellInfo {
  id: CellId;
  section: FormSection;
  row: FormRow;
  col: FormColumn;
}

/** Every cell of the form, in reading order. */
export function formCells(schoolYear: number): CellInfo[] {
  const out: CellInfo[] = [];
  for (const section of znz1Form(schoolYear))
    for (const row of section.rows)
      for (const col of section.cols) out.push({ id: cellId(section.n, row.n, col.n), section, row, col });
  return out;
}

/** The form cell of an id, or null (an `x.` measure or an unknown id). */
export function cellInfo(id: CellId, schoolYear: number): CellInfo | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(id);
  if (!m) return null;
  const section = znz1Form(schoolYear).find((s) => s.n === Number(m[1]));
  const row = section?.rows.find((r) => r.n === Number(m[2]));
  const col = section?.cols.find((c) => c.n === Number(m[3]));
  return section && row && col ? { id, section, row, col } : null;
}

/** Whether a school may type this cell in (a row that is not a computed total of an entered section). */
export function isEnterable(id: CellId, schoolYear: number): boolean {
  const info = cellInfo(id, schoolYear);
  return !!info && info.section.source === 'entered' && !!info.section.enterable?.(info.row.n, info.col.n);
}

/** Codes of the header (the address part of the form): type of locality and form of ownership. */
export const LOCALITY_CODES = { urban: 1, rural: 2 } as const;
export const OWNERSHIP_CODES = { state: 1, communal: 2, private: 3 } as const;
export const LOCALITY_LABELS = { urban: 'міська', rural: 'сільська' } as const;
export const OWNERSHIP_LABELS = { state: 'державна', communal: 'комунальна', private: 'приватна' } as const;
