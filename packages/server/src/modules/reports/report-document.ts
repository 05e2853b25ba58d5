/**
 * A report laid out as the paper form: title block, header (the address part of ZNZ-1), the sections as tables with
 * numbered rows and columns, the checks, and for 76-РВК the list of schools. The XLSX, PDF and CSV exports all render
 * this one model, so the three never disagree.
 */
import { formatDate } from '@aikom/domain/reports/dashboard';
import { cellId, znz1Form, type CellId } from '@aikom/domain/reports/znz1-form';
import type { RollupReport, Znz1Report } from './service';

export interface DocumentTable {
  /** `Розділ 1. Мережа класів і контингент учнів`. */
  title: string;
  section: number;
  source: 'records' | 'entered';
  note: string | null;
  columns: Array<{ n: number; label: string }>;
  rows: Array<{
    n: number;
    label: string;
    /** `missing`: a cell the school has not entered yet (shown as «—», counted as 0 in sums). */
    cells: Array<{ id: CellId; value: number | null; entered: boolean; missing: boolean }>;
  }>;
}

export interface ReportDocument {
  /** File name without extension, safe on every system. */
  fileName: string;
  title: string;
  subtitle: string[];
  header: Array<[string, string]>;
  tables: DocumentTable[];
  checks: Array<{ ok: boolean; severity: string; text: string }>;
  schools: { columns: string[]; rows: Array<Array<string | number>> } | null;
  footer: string[];
}

const FORM_BASIS =
  'Форма № ЗНЗ-1 затверджена наказом МОН України від 30.07.2021 № 868, зареєстрована в Міністерстві юстиції ' +
  'України 26.08.2021 за № 1119/36741.';
const RVK_BASIS =
  'Форма № 76-РВК затверджена наказом МОН України від 30.07.2021 № 868, зареєстрована в Міністерстві юстиції ' +
  'України 26.08.2021 за № 1120/36742.';

function tables(
  cells: Record<CellId, number | null>,
  schoolYear: number,
  entered: readonly CellId[] | null,
): DocumentTable[] {
  const enteredSet = new Set(entered ?? []);
  return znz1Form(schoolYear).map((s) => ({
    title: `Розділ ${s.n}. ${s.uk}`,
    section: s.n,
    source: s.source,
    note: s.note ?? null,
    columns: s.cols.map((c) => ({ n: c.n, label: c.uk })),
    rows: s.rows.map((r) => ({
      n: r.n,
      label: r.uk,
      cells: s.cols.map((c) => {
        const id = cellId(s.n, r.n, c.n);
        const isEntered = enteredSet.has(id);
        return {
          id,
          value: id in cells ? cells[id]! : 0,
          entered: isEntered,
          missing: entered !== null && s.source === 'entered' && !isEntered,
        };
      }),
    })),
  }));
}

/** Checks whose message does not already state the numbers. */
const EQUALITIES = new Set([
  'TOTAL_EQUALS_REGISTRY',
  'CLASSES_EQUAL_REGISTRY',
  'LANGUAGES_TOTAL',
  'FORMS_TOTAL',
  'BIRTH_YEARS_TOTAL',
  'SPECIAL_NEEDS_INCLUSIVE',
]);

const checkLines = (checks: Znz1Report['checks']) =>
  checks.map((c) => ({
    ok: c.ok,
    severity: c.severity,
    text:
      c.uk +
      (!c.ok && EQUALITIES.has(c.code) ? ` (очікується ${c.expected}, у звіті ${c.actual ?? '—'})` : '') +
      (!c.ok && c.cells && c.cells.length > 0 ? `: ${c.cells.slice(0, 12).join(', ')}` : ''),
  }));

const safe = (s: string) => s.replace(/[^0-9A-Za-zА-ЯҐЄІЇа-яґєії._-]+/g, '_');

/** The document of a school's ZNZ-1. */
export function znz1Document(r: Znz1Report): ReportDocument {
  const h = r.header;
  const loc = h.location;
  return {
    fileName: safe(`ЗНЗ-1_${h.edrpou ?? h.id}_${r.asOf}${r.published ? '_published' : ''}`),
    title: 'Звіт закладу загальної середньої освіти (форма № ЗНЗ-1)',
    subtitle: [
      `станом на ${formatDate(r.asOf)}, ${r.schoolYear} навчальний рік`,
      ...(r.published
        ? ['Оприлюднений варіант: значення менше 5 учнів і ті, з яких їх можна обчислити, приховано']
        : []),
    ],
    header: [
      ['Код за ЄДРПОУ', h.edrpou ?? '—'],
      ['Найменування закладу', h.name],
      ['Місцезнаходження (код КАТОТТГ)', loc.katottg ?? '—'],
      ['Населений пункт', [loc.settlement, loc.hromada, loc.raion, loc.oblast].filter(Boolean).join(', ') || '—'],
      ['Адреса', loc.address ?? '—'],
      ['Тип місцевості', h.locality ? `${h.locality.code} — ${h.locality.label}` : '—'],
      ['Тип закладу', h.schoolType?.label ?? '—'],
      ['Форма власності', h.ownership ? `${h.ownership.code} — ${h.ownership.label}` : '—'],
      ['Стан закладу', h.status.label + (h.relocatedFrom ? ` (переміщено з: ${h.relocatedFrom})` : '')],
      ['Орган управління освітою', h.ouo ? `${h.ouo.name}${h.ouo.edrpou ? ` (ЄДРПОУ ${h.ouo.edrpou})` : ''}` : '—'],
    ],
    tables: tables(r.cells, r.schoolYearStart, r.entered),
    checks: checkLines(r.checks),
    schools: null,
    footer: [
      FORM_BASIS,
      'Числа розділів 1–7 обчислено реєстром із записів учнів; розділи 8 і 9 (позначено «внесено закладом») заповнює заклад.',
      `Сформовано ${r.generatedAt.slice(0, 19).replace('T', ' ')} UTC.`,
    ],
  };
}

/** The document of a roll-up: 76-РВК of an ОУО, or the same tables for a region or the nation. */
export function rollupDocument(r: RollupReport): ReportDocument {
  const what = r.level === 'ouo' ? 'ouo' : r.level === 'region' ? 'region' : 'nation';
  return {
    fileName: safe(
      `${r.level === 'ouo' ? '76-РВК' : 'ЗНЗ-1_зведення'}_${r.header.edrpou ?? r.header.code ?? what}_${r.asOf}${r.published ? '_published' : ''}`,
    ),
    title:
      r.level === 'ouo'
        ? 'Зведений звіт закладів загальної середньої освіти (форма № 76-РВК)'
        : `Зведення звітів закладів загальної середньої освіти (форма № ЗНЗ-1): ${r.level === 'region' ? 'регіон' : 'Україна'}`,
    subtitle: [
      `станом на ${formatDate(r.asOf)}, ${r.schoolYear} навчальний рік`,
      ...(r.published
        ? ['Оприлюднений варіант: значення менше 5 учнів і ті, з яких їх можна обчислити, приховано']
        : []),
    ],
    header: [
      ['Орган / територія', r.header.name],
      ...(r.header.edrpou ? [['Код за ЄДРПОУ', r.header.edrpou] as [string, string]] : []),
      ...(r.header.code ? [['Код КАТОТТГ', r.header.code] as [string, string]] : []),
      ['Закладів у зведенні', `${r.coverage.included} з ${r.coverage.schools}`],
      ['Закладів із застарілими даними', String(r.coverage.stale)],
      ['Закладів із записами з помилками, що блокують', String(r.coverage.withErrors)],
    ],
    tables: tables(r.cells, r.schoolYearStart, null),
    checks: checkLines(r.checks),
    schools:
      r.schools.length > 0
        ? {
            columns: ['ЄДРПОУ', 'Заклад', 'Класів', 'Учнів', 'Учнів у реєстрі', 'З помилками'],
            rows: r.schools.map((s) => [
              s.edrpou ?? '',
              s.name,
              s.classes,
              s.pupils,
              s.registryPupils,
              s.blockingErrors,
            ]),
          }
        : r.regions.length > 0
          ? {
              columns: ['Код КАТОТТГ', 'Регіон', 'Учнів'],
              rows: r.regions.map((x) => [x.code, x.name, x.pupils ?? 'прих.']),
            }
          : null,
    footer: [
      r.level === 'ouo' ? RVK_BASIS : FORM_BASIS,
      'Суми звітів закладів за даними реєстру; розділи 8 і 9 — за внесеним закладами.',
      `Сформовано ${r.generatedAt.slice(0, 19).replace('T', ' ')} UTC.`,
    ],
  };
}
