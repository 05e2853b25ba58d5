import { PupilRecordSchema } from '@aikom/domain/exchange-record';
import { Type, type Static } from 'typebox';
import { JobSchema } from '../../../jobs/routes';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The largest batch answered at once; larger ones (up to BATCH_MAX_ASYNC) become a job. */
export const BATCH_MAX_SYNC = 1000;
export const BATCH_MAX_ASYNC = 50_000;

export const EdrpouParams = Type.Object({ edrpou: Type.String({ pattern: '^[0-9]{8}$', description: 'ЄДРПОУ' }) });
export const PupilParams = Type.Object({
  edrpou: Type.String({ pattern: '^[0-9]{8}$', description: 'ЄДРПОУ of the school' }),
  externalId: Type.String({
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z0-9._~:@-]+$',
    description: "The platform's own id of the pupil",
  }),
});

export const IssueViewSchema = Type.Object({
  code: Type.String(),
  path: Type.String(),
  message: Type.String(),
});

export const PlatformSchoolSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  edrpou: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  status: Type.String({ description: 'operating, relocated, suspended or closed' }),
  ouo: Type.Object({ id: Type.String(), name: Type.String() }),
  region: Type.Object({ id: Type.String(), name: Type.String() }),
  territory: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  gradeMin: Nullable(Type.Integer()),
  gradeMax: Nullable(Type.Integer()),
  since: Type.String({ format: 'date-time', description: 'When the platform began to serve the school' }),
});

export const PlatformPupilSchema = Type.Object({
  pupilId: Type.String({ format: 'uuid', description: "The registry's id of the child (immutable)" }),
  externalId: Nullable(Type.String({ description: "This platform's id, when it has sent the pupil" })),
  version: Type.Integer({ description: 'Also the ETag' }),
  enrolled: Type.Boolean({ description: 'Has an open enrolment spell' }),
  schoolEdrpou: Nullable(Type.String()),
  record: PupilRecordSchema,
  source: Type.String({ description: 'Where the record came from: portal, import, seed or platform:<client_id>' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PlatformPupilView = Static<typeof PlatformPupilSchema>;

export const RecordResultSchema = Type.Object({
  index: Type.Integer({ description: 'Position of the record in the request (0-based)' }),
  externalId: Nullable(Type.String()),
  status: Type.Enum(['created', 'updated', 'unchanged', 'rejected']),
  pupilId: Type.Optional(Type.String({ format: 'uuid' })),
  version: Type.Optional(Type.Integer()),
  linked: Type.Optional(
    Type.Boolean({ description: 'Linked to a child already in the registry (matching identifiers)' }),
  ),
  code: Type.Optional(Type.String({ description: 'Why the record was rejected (stable code)' })),
  detail: Type.Optional(Type.String({ description: 'Ukrainian explanation' })),
  errors: Type.Optional(Type.Array(IssueViewSchema)),
  warnings: Type.Array(IssueViewSchema),
  holder: Type.Optional(
    Type.Object({
      name: Nullable(Type.String()),
      edrpou: Nullable(Type.String()),
      enrolled: Type.Boolean(),
    }),
  ),
  currentVersion: Type.Optional(Type.Integer()),
});

export const BatchSummarySchema = Type.Object({
  records: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});

export const BatchResultSchema = Type.Object({
  school: Type.Object({ id: Type.String(), edrpou: Type.String() }),
  summary: BatchSummarySchema,
  results: Type.Array(RecordResultSchema),
});
export type BatchResult = Static<typeof BatchResultSchema>;

export const BatchAcceptedSchema = Type.Object({
  school: Type.Object({ id: Type.String(), edrpou: Type.String() }),
  records: Type.Integer(),
  job: JobSchema,
  statusUrl: Type.String({ description: 'GET it for progress and, at the end, the results' }),
});

export const BatchBody = Type.Object(
  {
    records: Type.Array(Type.Unknown({ description: 'An exchange record with its externalId' }), {
      minItems: 1,
      maxItems: BATCH_MAX_ASYNC,
      description: `Exchange records; up to ${BATCH_MAX_SYNC} are answered at once, up to ${BATCH_MAX_ASYNC} as a job`,
    }),
  },
  { additionalProperties: false },
);

export const BatchQuery = Type.Object({
  async: Type.Optional(Type.Boolean({ description: 'Process as a job even when small' })),
});

export const SavedPupilSchema = Type.Object({
  pupilId: Type.String({ format: 'uuid' }),
  externalId: Type.String(),
  status: Type.Enum(['created', 'updated', 'unchanged']),
  version: Type.Integer(),
  linked: Type.Boolean(),
  warnings: Type.Array(IssueViewSchema),
});

export const RecordsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The exit of Порядок 367, the same body as the portal's. */
export { ExitBody } from '../../pupils/schemas';
