import { Type, type TSchema } from 'typebox';
import { DEFAULT_LIMIT, MAX_LIMIT } from './filter';

/** OneRoster 1.2 JSON binding of the collections served (IMS OneRoster 1.2 Rostering, Information Model § 4). */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Enum(['active', 'tobedeleted']);
const GuidRef = Type.Object({ href: Type.String(), sourcedId: Type.String(), type: Type.String() });
const Base = {
  sourcedId: Type.String(),
  status: Status,
  dateLastModified: Type.String({ format: 'date-time' }),
};

export const OrgSchema = Type.Object({
  ...Base,
  name: Type.String(),
  type: Type.Enum(['school', 'district', 'state', 'national']),
  identifier: Nullable(Type.String({ description: 'ЄДРПОУ' })),
  parent: Nullable(GuidRef),
  children: Type.Array(GuidRef),
});
export const AcademicSessionSchema = Type.Object({
  ...Base,
  title: Type.String(),
  type: Type.Literal('schoolYear'),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  schoolYear: Type.String(),
  parent: Type.Null(),
  children: Type.Array(GuidRef),
});
export const CourseSchema = Type.Object({
  ...Base,
  title: Type.String(),
  courseCode: Type.String(),
  grades: Type.Array(Type.String()),
  subjects: Type.Array(Type.String()),
  org: Nullable(GuidRef),
});
export const ClassSchema = Type.Object({
  ...Base,
  title: Type.String(),
  classCode: Type.String(),
  classType: Type.Literal('homeroom'),
  grades: Type.Array(Type.String()),
  subjects: Type.Array(Type.String()),
  course: Nullable(GuidRef),
  school: Nullable(GuidRef),
  terms: Type.Array(Nullable(GuidRef)),
});
export const UserSchema = Type.Object({
  ...Base,
  enabledUser: Type.Boolean(),
  userIds: Type.Array(Type.Object({ type: Type.String(), identifier: Type.String() })),
  identifier: Nullable(Type.String({ description: "The platform's own id of the pupil" })),
  givenName: Type.String(),
  familyName: Type.String(),
  middleName: Nullable(Type.String()),
  roles: Type.Array(
    Type.Object({ roleType: Type.Literal('primary'), role: Type.Literal('student'), org: Nullable(GuidRef) }),
  ),
  grades: Type.Array(Type.String()),
});
export const EnrollmentSchema = Type.Object({
  ...Base,
  role: Type.Literal('student'),
  primary: Type.Boolean(),
  user: Nullable(GuidRef),
  class: Nullable(GuidRef),
  school: Nullable(GuidRef),
  beginDate: Type.String({ format: 'date' }),
  endDate: Nullable(Type.String({ format: 'date' })),
});

export const ENTITY_SCHEMAS = {
  org: OrgSchema,
  academicSession: AcademicSessionSchema,
  course: CourseSchema,
  class: ClassSchema,
  user: UserSchema,
  enrollment: EnrollmentSchema,
} as const;

export const CollectionQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  sort: Type.Optional(Type.String({ maxLength: 50 })),
  orderBy: Type.Optional(Type.String({ maxLength: 4, description: 'asc or desc' })),
  filter: Type.Optional(
    Type.String({ maxLength: 1000, description: "e.g. dateLastModified>'2025-09-01T00:00:00Z' AND status='active'" }),
  ),
  fields: Type.Optional(Type.String({ maxLength: 500, description: 'Comma-separated fields to return' })),
});

export const ImsxStatusSchema = Type.Object(
  {
    imsx_codeMajor: Type.Literal('failure'),
    imsx_severity: Type.Literal('error'),
    imsx_description: Type.String(),
    imsx_CodeMinor: Type.Object({
      imsx_codeMinorField: Type.Array(
        Type.Object({ imsx_codeMinorFieldName: Type.String(), imsx_codeMinorFieldValue: Type.String() }),
      ),
    }),
  },
  { description: 'OneRoster status information (imsx_StatusInfo)' },
);
