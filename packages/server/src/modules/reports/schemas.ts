import { znz1Form } from '@aikom/domain/reports/znz1-form';
import { Type, type Static } from 'typebox';

const Uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const SchoolParams = Type.Object({
  school: Type.String({ pattern: `^(${Uuid}|\\d{8})$`, description: 'The school: its id (UUID) or ЄДРПОУ' }),
});
export const OuoParams = Type.Object({
  ouo: Type.String({ pattern: `^(${Uuid}|\\d{8})$`, description: 'The ОУО: its id (UUID) or ЄДРПОУ' }),
});
export const RegionParams = Type.Object({
  region: Type.String({
    pattern: `^(${Uuid}|\\d{8}|UA\\d{17})$`,
    description: 'The region: the regional department id (UUID), its ЄДРПОУ, or the oblast KATOTTH code',
  }),
});
export const CellPattern = '^(\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}|x\\.[A-Za-z0-9_.]{1,60})$';
export const CellParams = Type.Object({
  ...SchoolParams.properties,
  cell: Type.String({ pattern: CellPattern, description: 'section.row.col of the form, or an x. measure' }),
});

const DateField = Type.String({ format: 'date', description: 'Report date (default 5 September of this school year)' });

export const ReportQuery = Type.Object({
  date: Type.Optional(DateField),
  published: Type.Optional(
    Type.Boolean({ description: 'The published variant: counts below 5 and what could reveal them suppressed' }),
  ),
  format: Type.Optional(Type.Enum(['json', 'xlsx', 'pdf', 'csv'], { default: 'json' })),
});
export type ReportQueryT = Static<typeof ReportQuery>;

export const DrillQuery = Type.Object({ date: Type.Optional(DateField) });

export const RollupDrillQuery = Type.Object({
  level: Type.Enum(['ouo', 'region', 'nation']),
  id: Type.Optional(Type.String({ pattern: `^(${Uuid}|\\d{8}|UA\\d{17})$` })),
  date: Type.Optional(DateField),
});

export const DashboardQuery = Type.Object({
  level: Type.Enum(['school', 'ouo', 'region', 'nation']),
  id: Type.Optional(Type.String({ pattern: `^(${Uuid}|\\d{8}|UA\\d{17})$` })),
  date: Type.Optional(DateField),
  published: Type.Optional(Type.Boolean()),
});

export const OpenDataQuery = Type.Object({
  date: Type.Optional(DateField),
  region: Type.Optional(Type.String({ pattern: '^UA\\d{17}$', description: 'Oblast KATOTTH code; absent = nation' })),
  format: Type.Optional(Type.Enum(['json', 'xlsx', 'pdf', 'csv'], { default: 'json' })),
});

export const EnteredBody = Type.Object(
  {
    schoolYear: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{4}$', description: 'e.g. 2025-2026' })),
    cells: Type.Record(
      Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}\\.\\d{1,2}$' }),
      Type.Integer({ minimum: 0, maximum: 100000 }),
      { description: 'Cells of sections 8 and 9 (e.g. {"8.1.1": 2, "8.1.2": 48})' },
    ),
  },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  {
    date: Type.Optional(DateField),
    regionId: Type.Optional(Type.String({ pattern: `^(${Uuid}|\\d{8})$` })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LayoutSchema = Type.Array(
  Type.Object({
    n: Type.Integer(),
    title: Type.String(),
    source: Type.Enum(['records', 'entered']),
    note: Nullable(Type.String()),
    columns: Type.Array(Type.Object({ n: Type.Integer(), label: Type.String(), unit: Type.String() })),
    rows: Type.Array(Type.Object({ n: Type.Integer(), label: Type.String() })),
  }),
  { description: 'The sections of the form: cell id = `${section}.${row}.${column}`' },
);

/** The form's layout for a school year, for clients that draw it. */
export function presentLayout(schoolYear: number) {
  return znz1Form(schoolYear).map((s) => ({
    n: s.n,
    title: s.uk,
    source: s.source,
    note: s.note ?? null,
    columns: s.cols.map((c) => ({ n: c.n, label: c.uk, unit: c.unit })),
    rows: s.rows.map((r) => ({ n: r.n, label: r.uk })),
  }));
}

export const CheckSchema = Type.Object({
  code: Type.String(),
  severity: Type.Enum(['error', 'warning']),
  ok: Type.Boolean(),
  uk: Type.String(),
  expected: Type.Optional(Type.Integer()),
  actual: Type.Optional(Type.Integer()),
  cells: Type.Optional(Type.Array(Type.String())),
});

const Cells = Type.Record(Type.String(), Nullable(Type.Integer()), {
  description: 'Every cell of the form (and the x. measures): a number, or null when suppressed',
});

const Coded = Type.Object({ value: Type.String(), code: Type.Integer(), label: Type.String() });

export const SchoolHeaderSchema = Type.Object({
  id: Type.String(),
  edrpou: Nullable(Type.String()),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  location: Type.Object({
    katottg: Nullable(Type.String()),
    settlement: Nullable(Type.String()),
    hromada: Nullable(Type.String()),
    raion: Nullable(Type.String()),
    oblast: Nullable(Type.String()),
    address: Nullable(Type.String()),
  }),
  locality: Nullable(Coded),
  schoolType: Nullable(Type.Object({ value: Type.String(), label: Type.String() })),
  ownership: Nullable(Coded),
  status: Type.Object({ value: Type.String(), label: Type.String() }),
  relocatedFrom: Nullable(Type.String()),
  ouo: Nullable(Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) })),
});

export const Znz1Schema = Type.Object({
  form: Type.Literal('ЗНЗ-1'),
  level: Type.Literal('school'),
  asOf: Type.String({ format: 'date' }),
  schoolYear: Type.String(),
  published: Type.Boolean(),
  header: SchoolHeaderSchema,
  layout: LayoutSchema,
  cells: Cells,
  entered: Type.Array(Type.String(), { description: 'Cells entered by the school' }),
  registry: Type.Object({ pupils: Type.Integer(), classes: Type.Integer(), blockingErrors: Type.Integer() }),
  checks: Type.Array(CheckSchema),
  generatedAt: Type.String({ format: 'date-time' }),
});

export const RollupSchema = Type.Object({
  form: Type.String(),
  level: Type.Enum(['ouo', 'region', 'nation']),
  asOf: Type.String({ format: 'date' }),
  schoolYear: Type.String(),
  published: Type.Boolean(),
  header: Type.Object({
    id: Type.String(),
    name: Type.String(),
    edrpou: Nullable(Type.String()),
    territory: Nullable(Type.String()),
    code: Nullable(Type.String()),
  }),
  layout: LayoutSchema,
  cells: Cells,
  checks: Type.Array(CheckSchema),
  coverage: Type.Object({
    schools: Type.Integer(),
    included: Type.Integer(),
    stale: Type.Integer(),
    withErrors: Type.Integer(),
    builtAt: Nullable(Type.String({ format: 'date-time' })),
  }),
  schools: Type.Array(
    Type.Object({
      id: Type.String(),
      edrpou: Nullable(Type.String()),
      name: Type.String(),
      pupils: Type.Integer(),
      classes: Type.Integer(),
      registryPupils: Type.Integer(),
      blockingErrors: Type.Integer(),
      consistent: Type.Boolean(),
    }),
  ),
  flagged: Type.Array(
    Type.Object({
      id: Type.String(),
      edrpou: Nullable(Type.String()),
      name: Type.String(),
      blockingErrors: Type.Integer(),
      pupils: Type.Integer(),
    }),
  ),
  regions: Type.Array(
    Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), pupils: Nullable(Type.Integer()) }),
  ),
  generatedAt: Type.String({ format: 'date-time' }),
});

export const DrillSchema = Type.Object({
  cell: Type.String(),
  label: Type.String(),
  asOf: Type.String({ format: 'date' }),
  value: Type.Integer(),
  listedFor: Type.String({ description: 'The pupil cell whose pupils are listed (class cells list their pupils)' }),
  notListed: Type.Integer({
    description: 'Pupils counted but not listed: their records are now held by a school outside your scope',
  }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      lastName: Type.String(),
      firstName: Type.String(),
      middleName: Nullable(Type.String()),
      sex: Type.String(),
      birthDate: Nullable(Type.String()),
      grade: Type.Integer(),
      classLetter: Type.String(),
      entryDate: Type.String(),
      exitDate: Nullable(Type.String()),
      exitReason: Nullable(Type.String()),
    }),
  ),
});

export const EnteredSchema = Type.Object({
  schoolId: Type.String(),
  schoolYear: Type.String(),
  cells: Type.Record(
    Type.String(),
    Type.Object({ value: Type.Integer(), enteredAt: Type.String({ format: 'date-time' }) }),
  ),
  history: Type.Array(
    Type.Object({
      cell: Type.String(),
      value: Type.Integer(),
      enteredAt: Type.String({ format: 'date-time' }),
      enteredBy: Nullable(Type.String()),
    }),
  ),
});

const Value = Nullable(Type.Number());
const TableSchema = Type.Object({
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  rows: Type.Array(Type.Array(Type.Union([Type.String(), Type.Number(), Type.Null()]))),
});

export const ChartSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.Enum(['bar', 'stacked-bar', 'pie', 'line']),
  unit: Type.String(),
  categories: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), data: Type.Array(Value) })),
  table: TableSchema,
  cells: Type.Array(Type.Array(Nullable(Type.String()))),
  notes: Type.Array(Type.String()),
});

export const TileMapSchema = Type.Object({
  metrics: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  tiles: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      short: Type.String(),
      row: Type.Integer(),
      col: Type.Integer(),
      values: Type.Record(Type.String(), Value),
    }),
  ),
  table: TableSchema,
  notes: Type.Array(Type.String()),
});

export const DashboardSchema = Type.Object({
  level: Type.Enum(['school', 'ouo', 'region', 'nation']),
  scope: Type.Object({
    id: Type.String(),
    name: Type.String(),
    edrpou: Nullable(Type.String()),
    code: Nullable(Type.String()),
  }),
  asOf: Type.String({ format: 'date' }),
  schoolYear: Type.String(),
  published: Type.Boolean(),
  charts: Type.Array(ChartSchema),
  tileMap: Nullable(TileMapSchema),
  totals: Type.Object({ pupils: Value, schools: Value }),
  generatedAt: Type.String({ format: 'date-time' }),
});
