import { FORMATION_METHODS } from '@aikom/domain/rollover/class-formation';
import { LEAVE_REASONS, REPEAT_BASES } from '@aikom/domain/rollover/exceptions';
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const YearLabel = Type.String({ pattern: '^\\d{4}-\\d{4}$', description: 'School year, e.g. 2024-2025' });

export const SchoolYearSchema = Type.Object({
  label: Type.String(),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  status: Type.Enum(['planned', 'open', 'closed']),
  isCurrent: Type.Boolean(),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const SchoolParams = Type.Object({ schoolId: Type.String({ format: 'uuid' }) });
export const YearParams = Type.Object({ schoolId: Type.String({ format: 'uuid' }), fromYear: YearLabel });
export const ExceptionParams = Type.Object({
  schoolId: Type.String({ format: 'uuid' }),
  fromYear: YearLabel,
  enrolmentId: Type.String({ format: 'uuid' }),
});

const Counts = Type.Object({
  pupils: Type.Integer(),
  promote: Type.Integer(),
  repeat: Type.Integer(),
  graduate: Type.Integer(),
  leave: Type.Integer(),
});

export const FindingSchema = Type.Object({
  code: Type.String({ description: 'Stable code, e.g. TRANSITION_VALIDATION_ERRORS' }),
  severity: Type.Enum(['blocker', 'warning']),
  message: Type.String({ description: 'Ukrainian message' }),
  count: Type.Integer(),
  enrolmentIds: Type.Optional(Type.Array(Type.String())),
  grade: Type.Optional(Type.Integer()),
  classLetter: Type.Optional(Type.String()),
  issues: Type.Optional(Type.Array(Type.Object({ code: Type.String(), path: Type.String(), message: Type.String() }))),
});

const ClassRef = Type.Object({ grade: Type.Integer(), classLetter: Type.String() });

export const ExceptionSchema = Type.Object({
  kind: Type.Enum(['repeat', 'leave']),
  basis: Nullable(Type.Enum([...REPEAT_BASES])),
  reason: Nullable(Type.Enum([...LEAVE_REASONS])),
  confirmed: Type.Boolean(),
  classLetter: Nullable(Type.String()),
  destination: Nullable(
    Type.Object({ id: Type.String(), name: Nullable(Type.String()), edrpou: Nullable(Type.String()) }),
  ),
  destinationCountry: Nullable(Type.String()),
  date: Nullable(Type.String({ format: 'date' })),
  note: Nullable(Type.String()),
});

export const TransitionSchema = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  fromYear: Type.String(),
  toYear: Type.String(),
  status: Type.Enum(['applied', 'undone']),
  counts: Counts,
  validationErrors: Type.Enum(['block', 'warn']),
  orderNumber: Nullable(Type.String()),
  jobId: Nullable(Type.String()),
  source: Type.String(),
  appliedAt: Type.String({ format: 'date-time' }),
  undoneAt: Nullable(Type.String({ format: 'date-time' })),
  summary: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The plan as applied: classes with their moves, the new year classes, the warnings',
  }),
});

export const NextClassSchema = Type.Object({
  grade: Type.Integer(),
  classLetter: Type.String(),
  label: Type.String(),
  pupils: Type.Integer(),
  promoted: Type.Integer(),
  repeating: Type.Integer(),
  firstGraders: Type.Integer(),
  maxSize: Type.Integer(),
});

export const PreviewSchema = Type.Object({
  school: Type.Object({
    id: Type.String(),
    name: Type.String(),
    edrpou: Nullable(Type.String()),
    gradeMin: Type.Integer(),
    gradeMax: Type.Integer(),
  }),
  fromYear: Type.Object({ label: Type.String(), status: Type.String() }),
  toYear: Nullable(Type.Object({ label: Type.String(), status: Type.String() })),
  applied: Nullable(TransitionSchema),
  canApply: Type.Boolean({ description: 'No blockers, the next year is open and the transition is not applied yet' }),
  closeDate: Type.String({ format: 'date' }),
  entryDate: Type.String({ format: 'date' }),
  totals: Counts,
  classes: Type.Array(
    Type.Object({
      grade: Type.Integer(),
      classLetter: Type.String(),
      label: Type.String(),
      pupils: Type.Integer(),
      move: Type.Enum(['promote', 'graduate']),
      to: Nullable(ClassRef),
      completes: Nullable(Type.Enum(['complete', 'basic', 'primary', 'none'])),
      counts: Type.Object({
        promote: Type.Integer(),
        repeat: Type.Integer(),
        graduate: Type.Integer(),
        leave: Type.Integer(),
      }),
    }),
  ),
  nextClasses: Type.Array(NextClassSchema),
  blockers: Type.Array(FindingSchema),
  warnings: Type.Array(FindingSchema),
  pupils: Type.Array(
    Type.Object({
      enrolmentId: Type.String(),
      personId: Type.String(),
      lastName: Type.String(),
      firstName: Type.String(),
      middleName: Nullable(Type.String()),
      sex: Type.String(),
      birthDate: Nullable(Type.String()),
      grade: Type.Integer(),
      classLetter: Type.String(),
      move: Nullable(Type.Enum(['promote', 'repeat', 'graduate', 'leave'])),
      to: Nullable(ClassRef),
      exception: Nullable(ExceptionSchema),
      validationErrors: Type.Integer(),
      lostContact: Type.Boolean(),
      repeating: Type.Boolean({ description: 'The current year is already a repeated one' }),
    }),
  ),
});

export const ExceptionBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('repeat'),
      basis: Type.Enum([...REPEAT_BASES], {
        description: 'parent_request (grades 1–2) or council_decision (grades 3–10)',
      }),
      classLetter: Type.Optional(Type.String({ maxLength: 3, description: 'Class of the same grade next year' })),
      note: Type.Optional(Type.String({ maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('leave'),
      reason: Type.Enum([...LEAVE_REASONS]),
      confirmed: Type.Optional(
        Type.Boolean({ description: 'false: expected, not yet confirmed — blocks the transition (default true)' }),
      ),
      destinationEdrpou: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
      destinationCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      date: Type.Optional(
        Type.String({ format: 'date', description: 'Exit date within the year (default 31 August)' }),
      ),
      note: Type.Optional(Type.String({ maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
]);

export const ApplyBody = Type.Object(
  {
    orderNumber: Type.Optional(Type.String({ maxLength: 50, description: 'The order on the transfer of pupils' })),
    validationErrors: Type.Optional(
      Type.Enum(['block', 'warn'], { description: 'warn: move records with errors on (ОУО and ministry only)' }),
    ),
  },
  { additionalProperties: false },
);

export const ApplyResultSchema = Type.Object({
  transition: TransitionSchema,
  newClasses: Type.Array(NextClassSchema),
});

export const UndoResultSchema = Type.Object({ transition: TransitionSchema, reopened: Type.Integer() });

export const HistorySchema = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) }),
  transitions: Type.Array(TransitionSchema),
  newClasses: Type.Array(NextClassSchema),
});

export const BulkBody = Type.Object(
  {
    fromYear: YearLabel,
    ouoId: Type.Optional(Type.String({ format: 'uuid' })),
    regionId: Type.Optional(Type.String({ format: 'uuid' })),
    schoolIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20000 })),
    validationErrors: Type.Optional(Type.Enum(['block', 'warn'])),
    orderNumber: Type.Optional(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);

export const BulkQuery = Type.Object({
  fromYear: YearLabel,
  ouoId: Type.Optional(Type.String({ format: 'uuid' })),
  regionId: Type.Optional(Type.String({ format: 'uuid' })),
  validationErrors: Type.Optional(Type.Enum(['block', 'warn'])),
});

export const BulkStatusSchema = Type.Object({
  fromYear: Type.String(),
  schools: Type.Integer(),
  applied: Type.Integer(),
  ready: Type.Integer(),
  blocked: Type.Integer(),
  items: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) }),
      status: Type.Enum(['applied', 'ready', 'blocked']),
      counts: Nullable(Counts),
      blockers: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer(), message: Type.String() })),
    }),
  ),
});

export const FirstGraderBody = Type.Object(
  {
    record: Type.Unknown({ description: 'The pupil exchange record (grade 1), checked by the validation catalogue' }),
    applicationDate: Type.Optional(Type.String({ format: 'date', description: 'Date of the parents’ application' })),
  },
  { additionalProperties: false },
);

export const FormClassesBody = Type.Object(
  {
    schoolYear: YearLabel,
    method: Type.Enum([...FORMATION_METHODS]),
    maxClassSize: Type.Optional(Type.Integer({ minimum: 5, maximum: 40 })),
    apply: Type.Boolean({ description: 'false: propose only; true: move the children to the proposed classes' }),
  },
  { additionalProperties: false },
);
