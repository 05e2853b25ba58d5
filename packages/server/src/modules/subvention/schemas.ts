import { DELTA_SORTS } from '@aikom/domain/subvention/compare';
import { GROUP_IDS, LEVELS } from '@aikom/domain/subvention/groups';
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Kop = Type.Integer({ description: 'Kopiyky (whole; exact as a JSON number)' });
const Plain = Type.String({ description: 'Exact decimal, «.» separator' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Code = Type.String({ pattern: '^UA[0-9]{17}$', description: 'KATOTTH code of the budget' });
export const SetId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{2,63}$',
  description: 'Parameter set id, or `default`',
});

export const ParameterEntrySchema = Type.Object({
  path: Type.String({ description: 'JSON pointer of the value in the parameter set' }),
  label: Type.String(),
  value: Type.Unknown(),
  source: Type.String({ description: 'Empty when not known' }),
  verified: Type.Boolean({ description: 'False: the portal shows the value as not verified' }),
  note: Type.Optional(Type.String()),
});

export const ParameterSetSummarySchema = Type.Object({
  id: Type.String(),
  budgetYear: Type.Integer(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  version: Type.Integer({ description: 'Latest version' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ParameterSetSchema = Type.Object({
  id: Type.String(),
  budgetYear: Type.Integer(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  version: Type.Integer({ description: 'The version shown' }),
  latestVersion: Type.Integer(),
  note: Nullable(Type.String()),
  versionCreatedAt: Type.String({ format: 'date-time' }),
  versionCreatedBy: Nullable(Type.String()),
  params: Type.Unknown({ description: 'The parameter set (schema: GET /api/v1/subvention/parameter-schema)' }),
  unverified: Type.Array(Type.String(), { description: 'Paths of values not verified' }),
  entries: Type.Array(ParameterEntrySchema),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      note: Nullable(Type.String()),
      createdAt: Type.String({ format: 'date-time' }),
      createdBy: Nullable(Type.String()),
    }),
  ),
});

export const ParameterSetCreateBody = Type.Object(
  {
    budgetYear: Type.Integer({ minimum: 2018, maximum: 2100 }),
    name: Type.String({ minLength: 3, maxLength: 300 }),
    from: Type.Optional(
      Type.Object({ id: SetId, version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
    ),
    params: Type.Optional(Type.Unknown({ description: 'A whole parameter set; the default set when absent' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ParameterSetCreate = Static<typeof ParameterSetCreateBody>;

export const ParameterSetUpdateBody = Type.Object(
  {
    params: Type.Unknown({ description: 'The whole parameter set of the new version' }),
    note: Type.String({ minLength: 3, maxLength: 2000, description: 'What changed and why (kept with the version)' }),
  },
  { additionalProperties: false },
);

export const RunSchema = Type.Object({
  id: Type.String(),
  parameterSet: Type.Object({ id: Type.String(), version: Type.Integer(), name: Type.String() }),
  budgetYear: Type.Integer(),
  asOf: IsoDate,
  status: Type.Enum(['queued', 'succeeded', 'failed']),
  totalKop: Nullable(Kop),
  totalText: Nullable(Type.String()),
  weightSum: Nullable(Plain),
  dataVersion: Nullable(Type.String()),
  summary: Type.Unknown(),
  error: Type.Unknown(),
  jobId: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  computedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const RunCreateBody = Type.Object(
  {
    parameterSetId: SetId,
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    budgetYear: Type.Optional(Type.Integer({ minimum: 2018, maximum: 2100, description: 'For `default`' })),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type RunCreate = Static<typeof RunCreateBody>;

export const RunBudgetRowSchema = Type.Object({
  code: Code,
  name: Type.String(),
  kind: Type.Enum(['hromada', 'city', 'oblast']),
  kindLabel: Type.String(),
  oblastCode: Type.String(),
  oblastName: Type.String(),
  pupils: Type.Integer(),
  weight: Plain,
  share: Plain,
  amountKop: Kop,
  amountText: Type.String(),
  perPupilKop: Nullable(Kop),
});

export const RunTileSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  short: Type.String(),
  col: Type.Integer(),
  row: Type.Integer(),
  amountKop: Kop,
  pupils: Type.Integer(),
  budgets: Type.Integer(),
  perPupilKop: Nullable(Kop),
});

export const SortQuery = Type.Object({
  sort: Type.Optional(Type.Enum([...DELTA_SORTS, 'amountKop', 'perPupilKop'])),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
  oblast: Type.Optional(Type.String({ pattern: '^UA[0-9]{17}$', description: 'Only the budgets of this oblast' })),
});

export const RunDetailSchema = Type.Object({
  run: RunSchema,
  budgets: Type.Array(RunBudgetRowSchema),
  tileMap: Type.Object({ columns: Type.Integer(), rows: Type.Integer(), tiles: Type.Array(RunTileSchema) }),
});

const LevelCountsSchema = Type.Object(
  Object.fromEntries(LEVELS.map((l) => [l, Type.Number()])) as Record<
    (typeof LEVELS)[number],
    ReturnType<typeof Type.Number>
  >,
);

export const SchoolLineSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  edrpou: Nullable(Type.String()),
  status: Type.String(),
  schoolType: Nullable(Type.String()),
  relocated: Type.Boolean(),
  rural: Type.Boolean(),
  placeCode: Type.String(),
  pupils: Type.Integer(),
  groups: Type.Object(
    Object.fromEntries(GROUP_IDS.map((g) => [g, LevelCountsSchema])) as Record<
      (typeof GROUP_IDS)[number],
      typeof LevelCountsSchema
    >,
  ),
  classes: LevelCountsSchema,
  specialNeeds: Type.Integer(),
  minorityLanguage: Type.Integer(),
  transport: Type.Integer(),
  mountain: Type.Integer(),
  keptMonths: Type.Integer(),
  smallSchool: Nullable(Type.Object({ minPupils: Type.Integer(), span: Type.String(), keptMonths: Type.Integer() })),
});

export const BudgetInputsSchema = Type.Object({
  pupils: Type.Integer(),
  schools: Type.Integer(),
  groups: Type.Array(
    Type.Object({
      group: Type.String(),
      label: Type.String(),
      primary: Type.Integer(),
      basic: Type.Integer(),
      profile: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
  classes: LevelCountsSchema,
  actualClassSize: Type.Object(
    Object.fromEntries(LEVELS.map((l) => [l, Nullable(Plain)])) as Record<
      (typeof LEVELS)[number],
      ReturnType<typeof Nullable<typeof Plain>>
    >,
  ),
  indicators: Type.Object({
    scope: Type.Enum(['budget', 'oblast']),
    pupils: Type.Integer(),
    ruralPupils: Type.Integer(),
    settlements: Type.Integer(),
    areaKm2: Plain,
    areaSource: Type.Enum(['parameter', 'proxy']),
    density: Plain,
    ruralSharePct: Plain,
  }),
  norm: Type.Object({
    value: Plain,
    source: Type.String(),
    densityBand: Nullable(Type.String()),
    ruralBand: Nullable(Type.String()),
  }),
  adjustments: Type.Object({
    specialNeeds: Type.Integer(),
    minorityLanguage: Type.Integer(),
    transport: Type.Integer(),
    mountain: Type.Integer(),
  }),
  reduction: Type.Object({ applies: Type.Boolean(), reason: Nullable(Type.String()), coefficient: Nullable(Plain) }),
  relocatedSchools: Type.Integer(),
  smallSchools: Type.Integer(),
});

export const StepSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  expression: Type.String(),
  value: Type.String(),
});

export const ExplanationSchema = Type.Object({
  budget: Type.Object({
    code: Code,
    name: Type.String(),
    kind: Type.Enum(['hromada', 'city', 'oblast']),
    kindLabel: Type.String(),
    oblastCode: Type.String(),
    oblastName: Type.String(),
  }),
  result: Type.Object({
    amountKop: Kop,
    amountText: Type.String(),
    weight: Plain,
    share: Plain,
    quotaKop: Plain,
    roundingKop: Plain,
    perPupilKop: Nullable(Kop),
  }),
  inputs: BudgetInputsSchema,
  schools: Type.Array(SchoolLineSchema, { description: 'Schools of the budget in the reader’s scope' }),
  hiddenSchools: Type.Object({ schools: Type.Integer(), pupils: Type.Integer() }),
  steps: Type.Array(StepSchema),
  parameters: Type.Array(Type.Object({ ...ParameterEntrySchema.properties, used: Type.Boolean() })),
});

export const RunExplanationSchema = Type.Object({ run: RunSchema, explanation: ExplanationSchema });

export const ChangeSchema = Type.Object({
  path: Type.String(),
  label: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const BudgetDeltaSchema = Type.Object({
  code: Code,
  name: Type.String(),
  kind: Type.Enum(['hromada', 'city', 'oblast']),
  oblastCode: Type.String(),
  oblastName: Type.String(),
  pupils: Type.Integer(),
  basePupils: Type.Integer(),
  baseKop: Kop,
  scenarioKop: Kop,
  deltaKop: Kop,
  deltaPct: Type.Number({ description: 'Change in % of the base (display only)' }),
  deltaText: Type.String(),
  baseWeight: Plain,
  scenarioWeight: Plain,
  baseNorm: Nullable(Plain),
  scenarioNorm: Nullable(Plain),
});

export const DeltaTileSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  short: Type.String(),
  col: Type.Integer(),
  row: Type.Integer(),
  baseKop: Kop,
  scenarioKop: Kop,
  deltaKop: Kop,
  deltaPct: Type.Number(),
  gainers: Type.Integer(),
  losers: Type.Integer(),
  budgets: Type.Integer(),
});

const ComparisonSummarySchema = Type.Object({
  budgets: Type.Integer(),
  gainers: Type.Integer(),
  losers: Type.Integer(),
  unchanged: Type.Integer(),
  baseTotalKop: Kop,
  scenarioTotalKop: Kop,
  deltaTotalKop: Kop,
  redistributedKop: Kop,
});

const ChartSchema = Type.Object({
  topGainers: Type.Array(BudgetDeltaSchema),
  topLosers: Type.Array(BudgetDeltaSchema),
  histogram: Type.Array(
    Type.Object({
      fromPct: Nullable(Type.Number()),
      toPct: Nullable(Type.Number()),
      label: Type.String(),
      budgets: Type.Integer(),
    }),
  ),
});

const TileMapSchema = Type.Object({
  columns: Type.Integer(),
  rows: Type.Integer(),
  tiles: Type.Array(DeltaTileSchema),
});

const TimingsSchema = Type.Object({
  inputsMs: Type.Integer(),
  computeMs: Type.Integer(),
  cachedInputs: Type.Boolean(),
});

export const ComparisonSchema = Type.Object({
  base: Type.Object({
    parameterSetId: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    asOf: IsoDate,
    totalKop: Kop,
  }),
  scenario: Type.Object({
    name: Type.String(),
    totalKop: Kop,
    changes: Type.Array(ChangeSchema),
    unverified: Type.Array(Type.String()),
  }),
  summary: ComparisonSummarySchema,
  budgets: Type.Array(BudgetDeltaSchema),
  chart: ChartSchema,
  tileMap: TileMapSchema,
  timings: TimingsSchema,
});

const ScenarioDefinition = {
  base: Type.Object(
    {
      parameterSetId: SetId,
      version: Type.Optional(Type.Integer({ minimum: 1 })),
      budgetYear: Type.Optional(Type.Integer({ minimum: 2018, maximum: 2100, description: 'For `default`' })),
    },
    { additionalProperties: false },
  ),
  asOf: Type.Optional(IsoDate),
  changes: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'JSON merge patch (RFC 7396) of the base parameter set, e.g. {"classSize":{"cityNorm":{"value":"27"}}}',
  }),
};

export const ScenarioPreviewBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), ...ScenarioDefinition },
  { additionalProperties: false },
);
export type ScenarioPreview = Static<typeof ScenarioPreviewBody>;

export const ScenarioCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    shared: Type.Optional(Type.Boolean()),
    ...ScenarioDefinition,
  },
  { additionalProperties: false },
);
export type ScenarioCreate = Static<typeof ScenarioCreateBody>;

export const ScenarioPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    shared: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ScenarioSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  shared: Type.Boolean(),
  mine: Type.Boolean(),
  base: Type.Object({ parameterSetId: Type.String(), version: Type.Integer() }),
  asOf: IsoDate,
  changes: Type.Unknown(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ScenarioExplanationSchema = Type.Object({
  scenario: ScenarioSchema,
  baseline: Type.Union([ExplanationSchema, Type.Null()], { description: 'Null when the baseline has no such budget' }),
  changed: Type.Union([ExplanationSchema, Type.Null()], { description: 'Null when the scenario drops the budget' }),
});

export const RedistributionQuery = Type.Object({
  parameterSetId: Type.Optional(SetId),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  budgetYear: Type.Optional(Type.Integer({ minimum: 2018, maximum: 2100 })),
  snapshot: Type.Optional(IsoDate),
  runId: Type.Optional(Type.String({ format: 'uuid', description: 'A saved run as the snapshot' })),
  now: Type.Optional(IsoDate),
  ...SortQuery.properties,
});

export const FlowSchema = Type.Object({
  fromCode: Nullable(Type.String()),
  fromName: Nullable(Type.String()),
  toCode: Nullable(Type.String()),
  toName: Nullable(Type.String()),
  pupils: Type.Integer(),
  internallyDisplaced: Type.Integer(),
});

const Named = Type.Object({ code: Type.String(), name: Type.String(), pupils: Type.Integer() });

export const RedistributionSchema = Type.Object({
  parameterSet: Type.Object({ id: Type.String(), version: Type.Integer(), name: Type.String() }),
  then: Type.Object({ asOf: IsoDate, runId: Nullable(Type.String()) }),
  now: Type.Object({ asOf: IsoDate }),
  summary: Type.Object({
    ...ComparisonSummarySchema.properties,
    moved: Type.Integer(),
    movedInternallyDisplaced: Type.Integer(),
    withinBudget: Type.Integer(),
    entered: Type.Integer(),
    left: Type.Integer(),
  }),
  budgets: Type.Array(
    Type.Object({
      ...BudgetDeltaSchema.properties,
      inflow: Type.Integer(),
      outflow: Type.Integer(),
      entered: Type.Integer(),
      left: Type.Integer(),
      net: Type.Integer(),
      sources: Type.Array(Named),
      destinations: Type.Array(Named),
    }),
  ),
  flows: Type.Array(FlowSchema),
  chart: ChartSchema,
  tileMap: TileMapSchema,
});

export const TraceQuery = Type.Object({
  school: Type.Optional(Type.String({ format: 'uuid' })),
  group: Type.Optional(Type.Enum([...GROUP_IDS])),
  level: Type.Optional(Type.Enum([...LEVELS])),
  feature: Type.Optional(Type.Enum(['specialNeeds', 'minorityLanguage', 'transport', 'mountain'])),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const MovementQuery = Type.Object({
  parameterSetId: Type.Optional(SetId),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  budgetYear: Type.Optional(Type.Integer({ minimum: 2018, maximum: 2100 })),
  snapshot: IsoDate,
  now: Type.Optional(IsoDate),
  from: Type.String({ pattern: '^(UA[0-9]{17}|outside)$', description: 'Budget of origin, or `outside`' }),
  to: Type.String({ pattern: '^(UA[0-9]{17}|outside)$', description: 'Budget of destination, or `outside`' }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const TracedPupilSchema = Type.Object({
  id: Type.String(),
  lastName: Type.String(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  school: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  fromSchool: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }))),
  grade: Nullable(Type.Integer()),
  classLetter: Nullable(Type.String()),
  educationForm: Type.String(),
  specialNeeds: Type.Boolean(),
  instructionLanguage: Type.String(),
  displacementStatus: Type.String(),
});

export const TraceSchema = Type.Object({
  items: Type.Array(TracedPupilSchema),
  nextCursor: Nullable(Type.String()),
  /** Schools of the input outside the reader's scope, whose pupils are not listed. */
  schoolsOutOfScope: Type.Integer(),
});
