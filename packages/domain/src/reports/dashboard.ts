/**
 * Dashboards for every level (school, ОУО, region, nation) as chart-ready data: each chart has categories, series of
 * numbers in the categories' order and the same data as a table (for screen readers, for copying, and for readers
 * who prefer numbers). Values may be null: suppressed in a published variant ("менше 5").
 *
 * Built from the cells of ZNZ-1 and the `x.` measures (see znz1-aggregate.ts), so a dashboard never disagrees with
 * the form.
 */
import { countryName } from '../countries';
import { EDUCATION_FORMS } from '../exchange-record';
import { FORM_EDUCATION_FORMS, FORM_GRADES, S1_ROWS, cellId as c, type CellId } from './znz1-form';

export type Value = number | null;

export interface ChartCategory {
  key: string;
  label: string;
}

export interface ChartSeries {
  key: string;
  label: string;
  data: Value[];
}

export interface ChartTable {
  columns: Array<{ key: string; label: string }>;
  rows: Array<Array<string | Value>>;
}

export interface Chart {
  id: string;
  title: string;
  kind: 'bar' | 'stacked-bar' | 'pie' | 'line';
  unit: string;
  categories: ChartCategory[];
  series: ChartSeries[];
  table: ChartTable;
  /** The cells behind each series' values, for drill-down (`cells[s][i]` belongs to `series[s].data[i]`). */
  cells: Array<Array<CellId | null>>;
  notes: string[];
}

/** Reads a value: a number, or null when it is suppressed. */
export type ValueOf = (id: CellId) => Value;

const SUPPRESSED_NOTE = 'Порожні значення приховано: менше 5 учнів або число, з якого їх можна обчислити.';

function chart(
  id: string,
  title: string,
  kind: Chart['kind'],
  unit: string,
  categories: ChartCategory[],
  series: Array<{ key: string; label: string; cells: Array<CellId | null> }>,
  value: ValueOf,
  categoryLabel: string,
): Chart {
  const data = series.map((s) => s.cells.map((id) => (id === null ? 0 : value(id))));
  const notes = data.some((d) => d.some((x) => x === null)) ? [SUPPRESSED_NOTE] : [];
  return {
    id,
    title,
    kind,
    unit,
    categories,
    series: series.map((s, i) => ({ key: s.key, label: s.label, data: data[i]! })),
    table: {
      columns: [{ key: 'category', label: categoryLabel }, ...series.map((s) => ({ key: s.key, label: s.label }))],
      rows: categories.map((cat, i) => [cat.label, ...data.map((d) => d[i]!)]),
    },
    cells: series.map((s) => s.cells),
    notes,
  };
}

/** The keys after a prefix among the given measure ids (`x.disp.external.PL` → `PL`). */
function keysOf(ids: Iterable<string>, prefix: string): string[] {
  const out = new Set<string>();
  for (const id of ids)
    if (id.startsWith(prefix) && !id.slice(prefix.length).includes('.')) out.add(id.slice(prefix.length));
  return [...out];
}

export interface DashboardInput {
  /** Ids of the cells that exist (non-zero) in the exact data: which categories to show. */
  present: readonly CellId[];
  value: ValueOf;
  /** Names of the oblasts by KATOTTH code (for the origins of internally displaced pupils). */
  regionNames: Readonly<Record<string, string>>;
  /** Earlier school years (oldest first), for the trend chart. */
  trend?: ReadonlyArray<{ schoolYear: string; asOf: string; value: ValueOf }>;
}

/** Grades to show: 1–11, and 12 when a grade-12 class exists. */
function shownGrades(present: ReadonlySet<CellId>): number[] {
  return FORM_GRADES.filter((g) => g <= 11 || present.has(c(1, g, 2)));
}

/**
 * The charts of a dashboard.
 *
 * @example buildCharts({ present: Object.keys(cells), value: (id) => cells[id] ?? 0, regionNames })
 */
export function buildCharts(input: DashboardInput): Chart[] {
  const present = new Set(input.present);
  const v = input.value;
  const grades = shownGrades(present);
  const gradeCats = grades.map((g) => ({ key: String(g), label: `${g} клас` }));
  const charts: Chart[] = [];

  charts.push(
    chart(
      'pupilsByGrade',
      'Учні за класами',
      'bar',
      'учнів',
      gradeCats,
      [
        { key: 'pupils', label: 'учнів', cells: grades.map((g) => c(1, g, 2)) },
        { key: 'girls', label: 'з них дівчат', cells: grades.map((g) => c(1, g, 3)) },
      ],
      v,
      'Клас',
    ),
  );

  charts.push(
    chart(
      'pupilsByForm',
      'Учні за формами здобуття освіти',
      'bar',
      'учнів',
      FORM_EDUCATION_FORMS.map((f) => ({ key: f, label: EDUCATION_FORMS[f].uk })),
      [{ key: 'pupils', label: 'учнів', cells: FORM_EDUCATION_FORMS.map((_, i) => c(3, i + 1, 1)) }],
      v,
      'Форма здобуття освіти',
    ),
  );

  charts.push(
    chart(
      'displacement',
      'Вимушене переміщення',
      'pie',
      'учнів',
      [
        { key: 'none', label: 'не переміщені' },
        { key: 'internal', label: 'внутрішньо переміщені (ВПО)' },
        { key: 'external', label: 'за кордоном' },
      ],
      [{ key: 'pupils', label: 'учнів', cells: ['x.disp.none', 'x.disp.internal', 'x.disp.external'] }],
      v,
      'Статус',
    ),
  );

  const origins = keysOf(present, 'x.disp.internal.').sort(
    (a, b) => (v(`x.disp.internal.${b}`) ?? -1) - (v(`x.disp.internal.${a}`) ?? -1) || a.localeCompare(b),
  );
  charts.push(
    chart(
      'displacementInternalByOrigin',
      'Внутрішньо переміщені учні за областю походження',
      'bar',
      'учнів',
      origins.map((code) => ({
        key: code,
        label: code === 'unknown' ? 'походження не зазначено' : (input.regionNames[code] ?? code),
      })),
      [{ key: 'pupils', label: 'учнів', cells: origins.map((code) => `x.disp.internal.${code}`) }],
      v,
      'Область походження',
    ),
  );

  const countries = keysOf(present, 'x.disp.external.').sort(
    (a, b) => (v(`x.disp.external.${b}`) ?? -1) - (v(`x.disp.external.${a}`) ?? -1) || a.localeCompare(b),
  );
  charts.push(
    chart(
      'displacementExternalByCountry',
      'Учні за кордоном за країною перебування',
      'bar',
      'учнів',
      countries.map((code) => ({
        key: code,
        label: code === 'unknown' ? 'країну не зазначено' : (countryName(code) ?? code),
      })),
      [{ key: 'pupils', label: 'учнів', cells: countries.map((code) => `x.disp.external.${code}`) }],
      v,
      'Країна',
    ),
  );

  charts.push(
    chart(
      'lostContact',
      'Учні, з якими втрачено звʼязок, за класами',
      'bar',
      'учнів',
      gradeCats,
      [{ key: 'lost', label: 'звʼязок втрачено', cells: grades.map((g) => `x.contact.lost.${g}`) }],
      v,
      'Клас',
    ),
  );

  charts.push(
    chart(
      'dataQuality',
      'Якість даних: записи учнів',
      'pie',
      'учнів',
      [
        { key: 'clean', label: 'без зауважень' },
        { key: 'warnings', label: 'лише з попередженнями' },
        { key: 'errors', label: 'з помилками, що блокують' },
      ],
      [{ key: 'pupils', label: 'учнів', cells: ['x.quality.clean', 'x.quality.warnings', 'x.quality.errors'] }],
      v,
      'Стан запису',
    ),
  );

  const trend = input.trend ?? [];
  const trendMeasures = [
    { key: 'pupils', label: 'учнів', cell: c(1, S1_ROWS.total, 2) },
    { key: 'internal', label: 'внутрішньо переміщених', cell: 'x.disp.internal' },
    { key: 'external', label: 'за кордоном', cell: 'x.disp.external' },
    { key: 'lost', label: 'звʼязок втрачено', cell: 'x.contact.lost' },
  ];
  const trendChart: Chart = {
    id: 'trend',
    title: 'Динаміка за навчальними роками',
    kind: 'line',
    unit: 'учнів',
    categories: trend.map((t) => ({ key: t.schoolYear, label: `${t.schoolYear} (на ${formatDate(t.asOf)})` })),
    series: trendMeasures.map((m) => ({ key: m.key, label: m.label, data: trend.map((t) => t.value(m.cell)) })),
    table: {
      columns: [
        { key: 'category', label: 'Навчальний рік' },
        ...trendMeasures.map((m) => ({ key: m.key, label: m.label })),
      ],
      rows: trend.map((t) => [
        `${t.schoolYear} (на ${formatDate(t.asOf)})`,
        ...trendMeasures.map((m) => t.value(m.cell)),
      ]),
    },
    cells: trendMeasures.map((m) => trend.map(() => m.cell)),
    notes: trend.length < 2 ? ['Для динаміки потрібні зведення щонайменше за два навчальні роки.'] : [],
  };
  if (trendChart.series.some((s) => s.data.some((x) => x === null))) trendChart.notes.push(SUPPRESSED_NOTE);
  charts.push(trendChart);
  return charts;
}

/** `2025-09-05` → `05.09.2025`. */
export function formatDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/**
 * A tile grid of Ukraine's 27 level-1 units (24 oblasts, АР Крим, Kyiv and Sevastopol): equal squares placed roughly
 * where the unit is (row 0 = north, column 0 = west), so that a tile map shows every region at the same size.
 */
export const TILE_GRID: Readonly<Record<string, { row: number; col: number; short: string }>> = {
  UA07000000000024379: { row: 0, col: 1, short: 'Волинська' },
  UA56000000000066151: { row: 0, col: 2, short: 'Рівненська' },
  UA80000000000093317: { row: 0, col: 4, short: 'Київ' },
  UA74000000000025378: { row: 0, col: 5, short: 'Чернігівська' },
  UA59000000000057109: { row: 0, col: 6, short: 'Сумська' },
  UA46000000000026241: { row: 1, col: 0, short: 'Львівська' },
  UA61000000000060328: { row: 1, col: 1, short: 'Тернопільська' },
  UA68000000000099709: { row: 1, col: 2, short: 'Хмельницька' },
  UA18000000000041385: { row: 1, col: 3, short: 'Житомирська' },
  UA32000000000030281: { row: 1, col: 4, short: 'Київська' },
  UA53000000000028050: { row: 1, col: 5, short: 'Полтавська' },
  UA63000000000041885: { row: 1, col: 6, short: 'Харківська' },
  UA44000000000018893: { row: 1, col: 7, short: 'Луганська' },
  UA21000000000011690: { row: 2, col: 0, short: 'Закарпатська' },
  UA26000000000069363: { row: 2, col: 1, short: 'Івано-Франківська' },
  UA73000000000044923: { row: 2, col: 2, short: 'Чернівецька' },
  UA05000000000010236: { row: 2, col: 3, short: 'Вінницька' },
  UA71000000000010357: { row: 2, col: 4, short: 'Черкаська' },
  UA35000000000016081: { row: 2, col: 5, short: 'Кіровоградська' },
  UA12000000000090473: { row: 2, col: 6, short: 'Дніпропетровська' },
  UA14000000000091971: { row: 2, col: 7, short: 'Донецька' },
  UA51000000000030770: { row: 3, col: 3, short: 'Одеська' },
  UA48000000000039575: { row: 3, col: 4, short: 'Миколаївська' },
  UA65000000000030969: { row: 3, col: 5, short: 'Херсонська' },
  UA23000000000064947: { row: 3, col: 6, short: 'Запорізька' },
  UA01000000000013043: { row: 4, col: 5, short: 'АР Крим' },
  UA85000000000065278: { row: 4, col: 6, short: 'Севастополь' },
};

/** The measures a tile map offers, each a cell of the region's roll-up. */
export const TILE_METRICS = [
  { key: 'pupils', label: 'учнів', cell: c(1, S1_ROWS.total, 2) },
  { key: 'internal', label: 'внутрішньо переміщених учнів', cell: 'x.disp.internal' },
  { key: 'external', label: 'учнів за кордоном', cell: 'x.disp.external' },
  { key: 'lost', label: 'учнів, з якими втрачено звʼязок', cell: 'x.contact.lost' },
  { key: 'errors', label: 'учнів із записами з помилками', cell: 'x.quality.errors' },
] as const;

export interface Tile {
  code: string;
  name: string;
  short: string;
  row: number;
  col: number;
  values: Record<string, Value>;
}

export interface TileMap {
  metrics: Array<{ key: string; label: string }>;
  tiles: Tile[];
  table: ChartTable;
  notes: string[];
}

/** The tile id of a region's metric in a published problem (see `tileMapExtra`). */
export const tileCell = (code: string, metric: string) => `tile.${code}.${metric}`;

/**
 * The tile map of the nation: one tile per level-1 unit with the values of every metric (all 27 units, a unit with no
 * schools in the registry showing 0).
 */
export function buildTileMap(
  regions: ReadonlyArray<{ code: string; name: string }>,
  value: (code: string, metric: string) => Value,
): TileMap {
  const tiles: Tile[] = Object.entries(TILE_GRID).map(([code, g]) => ({
    code,
    name: regions.find((r) => r.code === code)?.name ?? g.short,
    short: g.short,
    row: g.row,
    col: g.col,
    values: Object.fromEntries(TILE_METRICS.map((m) => [m.key, value(code, m.key)])),
  }));
  tiles.sort((a, b) => a.row - b.row || a.col - b.col);
  const suppressed = tiles.some((t) => Object.values(t.values).some((x) => x === null));
  return {
    metrics: TILE_METRICS.map((m) => ({ key: m.key, label: m.label })),
    tiles,
    table: {
      columns: [{ key: 'region', label: 'Регіон' }, ...TILE_METRICS.map((m) => ({ key: m.key, label: m.label }))],
      rows: tiles.map((t) => [t.name, ...TILE_METRICS.map((m) => t.values[m.key]!)]),
    },
    notes: suppressed ? [SUPPRESSED_NOTE] : [],
  };
}
