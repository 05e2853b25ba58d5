import { PupilRecordSchema } from '@aikom/domain/exchange-record';
import { Type } from 'typebox';

export { PupilRecordSchema };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IssueSchema = Type.Object({
  code: Type.String({ description: 'Stable rule code of the validation catalogue' }),
  path: Type.String({ description: 'JSON Pointer of the field' }),
  message: Type.String({ description: 'Ukrainian message' }),
});

export const ValidationResultSchema = Type.Object({
  errors: Type.Array(IssueSchema),
  warnings: Type.Array(IssueSchema),
});

export const PupilSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  lastName: Type.String(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  sex: Type.String(),
  birthDate: Nullable(Type.String({ format: 'date' })),
  grade: Type.Integer(),
  classLetter: Type.String(),
  schoolId: Type.String(),
  displacementStatus: Type.String(),
  contactStatus: Type.String(),
  errors: Type.Integer(),
  warnings: Type.Integer(),
  qualityCodes: Type.Array(Type.String()),
  version: Type.Integer(),
});

export const ClassSchema = Type.Object({
  grade: Type.Integer(),
  classLetter: Type.String(),
  label: Type.String({ description: 'e.g. 5-А' }),
  pupils: Type.Integer(),
  withErrors: Type.Integer(),
  withWarnings: Type.Integer(),
  qualityScore: Type.Integer({ description: 'Percent of pupils with neither errors nor warnings' }),
});

export const SchoolRefSchema = Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) });

export const EnrolmentSchema = Type.Object({
  id: Type.String(),
  school: SchoolRefSchema,
  schoolYear: Type.String(),
  grade: Type.Integer(),
  classLetter: Type.String(),
  entryDate: Type.String({ format: 'date' }),
  entryBasis: Type.String(),
  orderNumber: Nullable(Type.String()),
  exitDate: Nullable(Type.String({ format: 'date' })),
  exitReason: Nullable(Type.String()),
  destination: Nullable(
    Type.Object({
      schoolId: Nullable(Type.String()),
      schoolName: Nullable(Type.String()),
      country: Nullable(Type.String()),
    }),
  ),
  note: Nullable(Type.String()),
  source: Type.String(),
});

export const PupilCardSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  record: PupilRecordSchema,
  school: Nullable(SchoolRefSchema),
  enrolled: Type.Boolean({ description: 'Has an open enrolment spell' }),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  quality: ValidationResultSchema,
  history: Type.Object({
    enrolments: Type.Array(EnrolmentSchema),
    displacement: Type.Array(
      Type.Object({
        status: Type.String(),
        since: Nullable(Type.String()),
        origin: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
        country: Nullable(Type.String()),
        idpCertificate: Nullable(Type.String()),
        recordedAt: Type.String(),
        source: Type.String(),
      }),
    ),
    contact: Type.Array(
      Type.Object({
        status: Type.String(),
        since: Nullable(Type.String()),
        note: Nullable(Type.String()),
        recordedAt: Type.String(),
        source: Type.String(),
      }),
    ),
    events: Type.Array(
      Type.Object({
        id: Type.Integer(),
        at: Type.String(),
        kind: Type.String(),
        source: Type.String(),
        actor: Nullable(Type.String()),
        changes: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  }),
});

export const SavedSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  warnings: Type.Array(IssueSchema),
});

export const ExitBody = Type.Object(
  {
    date: Type.String({ format: 'date' }),
    reason: Type.Enum(['transfer', 'abroad', 'vocational', 'completed', 'deceased', 'other']),
    destinationEdrpou: Type.Optional(
      Type.String({ pattern: '^[0-9]{8}$', description: 'The destination school, when it is in the registry' }),
    ),
    destinationCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ minLength: 2, maxLength: 100, description: 'Name (typo- and transliteration-tolerant)' }),
  ),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  identifier: Type.Optional(
    Type.String({ minLength: 6, maxLength: 40, description: 'Birth certificate, УНЗР or РНОКПП (exact)' }),
  ),
  schoolId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
});
