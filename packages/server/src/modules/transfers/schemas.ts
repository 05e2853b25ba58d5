import { TRANSIT_CLOSE_REASONS } from '@aikom/domain/rollover/exits';
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SchoolParams = Type.Object({ schoolId: Type.String({ format: 'uuid' }) });
export const EnrolmentParams = Type.Object({ enrolmentId: Type.String({ format: 'uuid' }) });

const SchoolRef = Type.Object({ id: Type.String(), name: Nullable(Type.String()), edrpou: Nullable(Type.String()) });

const PupilGlimpse = Type.Object({
  lastName: Type.String(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  sex: Type.String(),
  birthDate: Nullable(Type.String({ format: 'date' })),
});

export const PendingArrivalSchema = Type.Object({
  transferId: Type.String(),
  pupil: PupilGlimpse,
  grade: Type.Integer({ description: 'Grade and class the pupil left' }),
  classLetter: Type.String(),
  exitDate: Type.String({ format: 'date' }),
  exitReason: Type.String(),
  from: SchoolRef,
  hasIdentifiers: Type.Boolean({ description: 'Whether the record has a birth certificate, УНЗР or РНОКПП' }),
  since: Type.String({ format: 'date-time' }),
});

export const CandidateBody = Type.Object(
  {
    identifier: Type.Optional(
      Type.String({ minLength: 6, maxLength: 40, description: 'Birth certificate, УНЗР or РНОКПП from the documents' }),
    ),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    middleName: Type.Optional(Type.String({ maxLength: 100 })),
    birthDate: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

export const CandidateSchema = Type.Object({
  personId: Type.String(),
  pupil: PupilGlimpse,
  lastSchool: SchoolRef,
  grade: Type.Integer(),
  classLetter: Type.String(),
  exitDate: Type.String({ format: 'date' }),
  exitReason: Type.String(),
  match: Type.Enum(['identifier', 'name_birth']),
});

export const ArrivalBody = Type.Object(
  {
    transferId: Type.Optional(Type.String({ format: 'uuid', description: 'An expected arrival of this school' })),
    personId: Type.Optional(Type.String({ format: 'uuid', description: 'A pupil found by `candidates`' })),
    identifier: Type.Optional(Type.String({ minLength: 6, maxLength: 40 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    middleName: Type.Optional(Type.String({ maxLength: 100 })),
    birthDate: Type.Optional(Type.String({ format: 'date' })),
    grade: Type.Integer({ minimum: 1, maximum: 12 }),
    classLetter: Type.Optional(Type.String({ maxLength: 3 })),
    entryDate: Type.String({ format: 'date' }),
    orderNumber: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);

export const ArrivalSchema = Type.Object({
  personId: Type.String(),
  enrolmentId: Type.String(),
  previousEnrolmentId: Type.String(),
  transferId: Type.String(),
  entryBasis: Type.Enum(['transfer', 'return']),
});

export const TransferSchema = Type.Object({
  id: Type.String(),
  status: Type.Enum(['pending', 'arrived', 'cancelled']),
  pupil: Nullable(
    Type.Object(
      { personId: Type.String(), lastName: Type.String(), firstName: Type.String() },
      { description: 'Only while the caller holds the record' },
    ),
  ),
  from: SchoolRef,
  to: Nullable(SchoolRef),
  exitDate: Type.String({ format: 'date' }),
  exitReason: Type.String(),
  arrivedOn: Nullable(Type.String({ format: 'date' })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PoolQuery = Type.Object({
  state: Type.Enum(['open', 'waiting', 'closed'], { default: 'open' }),
  schoolId: Type.Optional(Type.String({ format: 'uuid', description: 'The school the pupils left' })),
  ouoId: Type.Optional(Type.String({ format: 'uuid', description: 'The ОУО of the school left or of residence' })),
  regionId: Type.Optional(Type.String({ format: 'uuid' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const PoolEntrySchema = Type.Object({
  enrolmentId: Type.String({ description: 'The spell the pupil left (the case id)' }),
  personId: Type.String(),
  pupil: PupilGlimpse,
  grade: Type.Integer(),
  classLetter: Type.String(),
  exitDate: Type.String({ format: 'date' }),
  exitReason: Type.String(),
  schoolDays: Type.Integer({ description: 'School days (weekdays) since the exit' }),
  destination: Type.Object({ school: Nullable(SchoolRef), country: Nullable(Type.String()) }),
  school: SchoolRef,
  residence: Type.Object({
    territory: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
    ouo: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  }),
  case: Type.Object({
    status: Type.Enum(['open', 'closed', 'reopened']),
    reason: Nullable(Type.String()),
    at: Nullable(Type.String({ format: 'date-time' })),
    notes: Type.Integer(),
  }),
});

export const PoolSchema = Type.Object({
  days: Type.Integer({ description: 'School days after which a pupil enters the pool (AIKOM_TRANSIT_DAYS)' }),
  cutoff: Type.String({ format: 'date', description: 'Exits on or before this date are in transit today' }),
  items: Type.Array(PoolEntrySchema),
  nextCursor: Nullable(Type.String()),
});

export const CaseSchema = Type.Object({
  entry: PoolEntrySchema,
  inTransit: Type.Boolean(),
  transfer: Nullable(Type.Object({ id: Type.String(), toSchoolId: Nullable(Type.String()), status: Type.String() })),
  events: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.Enum(['note', 'closed', 'reopened']),
      reason: Nullable(Type.String()),
      note: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
      by: Nullable(Type.String()),
    }),
  ),
});

export const CaseEventBody = Type.Union([
  Type.Object(
    { kind: Type.Literal('note'), note: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('closed'),
      reason: Type.Enum([...TRANSIT_CLOSE_REASONS]),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('reopened'), note: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
]);

export const ReportQuery = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  organisationId: Type.Optional(Type.String({ format: 'uuid', description: 'A region, ОУО or school in scope' })),
});

const Place = Type.Object({ code: Type.String(), name: Type.String() });
const Flow = Type.Object({ from: Place, to: Place, pupils: Type.Integer() });
const ByCountry = Type.Object({
  country: Nullable(Type.String()),
  name: Nullable(Type.String()),
  pupils: Type.Integer(),
});

export const MigrationReportSchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  organisation: Nullable(Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() })),
  flows: Type.Object({
    hromadas: Type.Array(Flow),
    regions: Type.Array(Flow),
    months: Type.Array(Type.Object({ month: Type.String(), pupils: Type.Integer() })),
    total: Type.Integer(),
  }),
  displaced: Type.Object({
    rows: Type.Array(
      Type.Object({
        origin: Nullable(Place),
        occupied: Type.Boolean(),
        current: Nullable(Place),
        pupils: Type.Integer(),
      }),
    ),
    total: Type.Integer(),
  }),
  abroad: Type.Object({ left: Type.Array(ByCountry), studyingFromAbroad: Type.Array(ByCountry) }),
});
