import { EXTRACT_KINDS } from '@aikom/domain/linkage/extract-formats';
import { CASE_REASONS, CASE_STATUSES } from '@aikom/domain/linkage/missing-children';
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Enum<T[number][]>([...values], description ? { description } : {});

export const ExtractKindSchema = Enum(EXTRACT_KINDS, 'births | deaths | idp | border | sought');
export const CaseStatusSchema = Enum(CASE_STATUSES);
export const CaseReasonSchema = Enum(CASE_REASONS);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const LinkParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const UploadQuery = Type.Object({
  kind: ExtractKindSchema,
  asOf: Type.Optional(Type.String({ format: 'date', description: 'The date the extract describes (default: today)' })),
  link: Type.Optional(Type.Boolean({ description: 'Link the extract as soon as it is imported (default true)' })),
});

export const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'The CSV file of the extract (docs/registry-extracts.md)' }) },
  { description: 'multipart/form-data with one file' },
);

export const QueuedSchema = Type.Object({
  jobId: Type.String({ format: 'uuid' }),
  snapshotId: Type.Optional(Type.String({ format: 'uuid' })),
  detectionId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const RunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  target: Enum(['registry', 'births']),
  targetSnapshotId: Nullable(Type.String()),
  status: Enum(['done', 'superseded']),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  thresholds: Type.Object({ upper: Type.Number(), lower: Type.Number() }),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Links by status: linked, review, rejected' }),
  stats: Type.Record(Type.String(), Type.Unknown(), { description: 'Candidate pairs by pass, EM sessions, timings' }),
  model: Type.Optional(
    Type.Object({
      lambda: Type.Number(),
      comparisons: Type.Array(
        Type.Object({
          name: Type.String(),
          label: Type.String(),
          levels: Type.Array(
            Type.Object({ level: Type.String(), m: Type.Number(), u: Type.Number(), weight: Type.Number() }),
          ),
        }),
      ),
    }),
  ),
});

export const SnapshotSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: ExtractKindSchema,
  version: Type.Integer(),
  source: Type.String(),
  sourceLabel: Type.String(),
  adapter: Type.String(),
  asOf: Type.String({ format: 'date' }),
  status: Enum(['importing', 'imported', 'failed']),
  provenance: Type.Record(Type.String(), Type.Unknown()),
  counts: Type.Object({ rows: Type.Integer(), imported: Type.Integer(), rejected: Type.Integer() }),
  rejected: Type.Array(
    Type.Object({
      row: Type.Integer(),
      errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
  notes: Type.Record(Type.String(), Type.Integer()),
  error: Nullable(Type.Unknown()),
  importedVia: Type.String(),
  createdAt: Type.String(),
  importedAt: Nullable(Type.String()),
  runs: Type.Array(RunSchema),
});

const PartySchema = Type.Object({
  side: Enum(['extract', 'registry', 'births']),
  kind: Type.String({ description: 'births, deaths, idp, border, sought or pupil' }),
  recordId: Nullable(Type.String({ description: 'The source registry id of the record' })),
  personId: Nullable(Type.String()),
  lastName: Type.String(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  sex: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  residence: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  eventDate: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  school: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()), edrpou: Nullable(Type.String()) })),
  enrolled: Nullable(Type.Boolean()),
});

export const PairSchema = Type.Object({
  linkId: Type.Integer(),
  runId: Type.String(),
  kind: ExtractKindSchema,
  target: Enum(['registry', 'births']),
  status: Enum(['linked', 'review', 'rejected']),
  modelStatus: Enum(['linked', 'review']),
  method: Enum(['identifier', 'probabilistic', 'decision']),
  probability: Type.Number(),
  weight: Type.Number({ description: 'Match weight, log₂ of the Bayes factor' }),
  ambiguous: Type.Boolean({ description: 'Another record is nearly as likely' }),
  comparisons: Type.Array(
    Type.Object({
      field: Type.String(),
      label: Type.String(),
      level: Nullable(Type.String({ description: 'null when a side has no value' })),
      weight: Type.Number(),
    }),
  ),
  left: PartySchema,
  right: PartySchema,
});

export const DecisionSchema = Type.Object({
  id: Type.String(),
  decision: Enum(['match', 'non_match', 'withdrawn']),
  note: Nullable(Type.String()),
  decidedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  linkId: Nullable(Type.Integer()),
});

export const PairDetailSchema = Type.Intersect([PairSchema, Type.Object({ decisions: Type.Array(DecisionSchema) })]);

export const ReviewQuery = Type.Object({
  status: Type.Optional(Enum(['review', 'linked', 'rejected'])),
  runId: Type.Optional(Type.String({ format: 'uuid' })),
  kind: Type.Optional(ExtractKindSchema),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

export const DecisionBody = Type.Object({
  decision: Enum(['match', 'non_match'], 'match: the same child; non_match: different children (unlink)'),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const LinkBody = Type.Object({
  upper: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
  lower: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
});

export const DetectionBody = Type.Object({
  lostContactDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, description: 'Calendar days (default 30)' })),
  transitDays: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 365, description: 'School days (default AIKOM_TRANSIT_DAYS)' }),
  ),
});

export const DetectionSchema = Type.Object({
  id: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  stats: Type.Record(Type.String(), Type.Unknown()),
  jobId: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const HandOverBody = Type.Object({
  detectionId: Type.Optional(Type.String({ format: 'uuid' })),
  caseIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000 })),
});

const Labelled = Type.Object({ code: Type.String(), label: Type.String() });

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  lastName: Type.String(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  sex: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  residence: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  reasons: Type.Array(Labelled),
  status: Labelled,
  ouo: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  regionId: Nullable(Type.String()),
  handedOverAt: Nullable(Type.String()),
  openedAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
});

export const CaseDetailSchema = Type.Intersect([
  CaseSummarySchema,
  Type.Object({
    subject: Type.Object({ kind: Enum(['person', 'births']), personId: Nullable(Type.String()) }),
    region: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
    identifiers: Type.Object({
      birthCertificate: Nullable(Type.Object({ series: Type.String(), number: Type.String() })),
      unzr: Nullable(Type.String()),
      rnokpp: Nullable(Type.String()),
    }),
    evidence: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    allowedStatuses: Type.Array(Labelled),
    history: Type.Array(
      Type.Object({
        at: Type.String(),
        kind: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Nullable(Type.String()),
        note: Nullable(Type.String()),
        by: Nullable(Type.String()),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  }),
]);

export const CasesQuery = Type.Object({
  status: Type.Optional(CaseStatusSchema),
  reason: Type.Optional(CaseReasonSchema),
  regionId: Type.Optional(Type.String({ format: 'uuid' })),
  ouoId: Type.Optional(Type.String({ format: 'uuid' })),
  detectionId: Type.Optional(Type.String({ format: 'uuid' })),
  handedOver: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const MoveBody = Type.Object({
  status: CaseStatusSchema,
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  version: Type.Integer({ minimum: 1, description: 'The version the caller saw (optimistic concurrency)' }),
});

export const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }) });
export const AssignBody = Type.Object({
  ouoId: Type.String({ format: 'uuid' }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const DashboardSchema = Type.Object({
  generatedAt: Type.String(),
  total: Type.Integer(),
  statuses: Type.Array(Labelled),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byReason: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), count: Type.Integer() })),
  byRegion: Type.Array(
    Type.Object({
      regionId: Nullable(Type.String()),
      name: Type.String(),
      total: Type.Integer(),
      byStatus: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  chart: Type.Object(
    {
      categories: Type.Array(Type.String()),
      series: Type.Array(Type.Object({ status: Type.String(), name: Type.String(), data: Type.Array(Type.Integer()) })),
    },
    { description: 'Stacked bars: one category per region, one series per status (ECharts / Chart.js ready)' },
  ),
});

export type Snapshot = Static<typeof SnapshotSchema>;
export type Run = Static<typeof RunSchema>;
export type Pair = Static<typeof PairSchema>;
export type CaseSummary = Static<typeof CaseSummarySchema>;
export type CaseDetail = Static<typeof CaseDetailSchema>;
export type Dashboard = Static<typeof DashboardSchema>;
