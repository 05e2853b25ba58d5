import { Type, type Static } from 'typebox';

export const SCHOOL_TYPES = [
  'primary',
  'gymnasium',
  'lyceum',
  'complex',
  'special',
  'sanatorium',
  'rehabilitation',
  'evening',
  'boarding',
  'other',
] as const;
export const SCHOOL_TYPE_LABELS: Readonly<Record<(typeof SCHOOL_TYPES)[number], string>> = {
  primary: 'початкова школа',
  gymnasium: 'гімназія',
  lyceum: 'ліцей',
  complex: 'навчально-виховний комплекс (НВК)',
  special: 'спеціальна школа',
  sanatorium: 'санаторна школа',
  rehabilitation: 'навчально-реабілітаційний центр',
  evening: 'вечірня школа',
  boarding: 'школа-інтернат',
  other: 'інший заклад',
};
export const OWNERSHIPS = ['state', 'communal', 'private'] as const;
export const ORG_STATUSES = ['operating', 'relocated', 'suspended', 'closed'] as const;

const lit = <const T extends string[]>(values: readonly [...T], description: string) =>
  Type.Enum(values, { description });

export const OrganisationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: lit(['ministry', 'region', 'ouo', 'school'], 'Level of the cascade'),
  parentId: Type.Union([Type.String(), Type.Null()]),
  regionId: Type.Union([Type.String(), Type.Null()]),
  ouoId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  edrpou: Type.Union([Type.String(), Type.Null()]),
  territory: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), category: Type.String() }),
    Type.Null(),
  ]),
  schoolType: Type.Union([Type.String(), Type.Null()]),
  schoolTypeLabel: Type.Union([Type.String(), Type.Null()]),
  ownership: Type.Union([Type.String(), Type.Null()]),
  settlementType: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  originalTerritory: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  founder: Type.Union([Type.String(), Type.Null()]),
  gradeMin: Type.Union([Type.Integer(), Type.Null()]),
  gradeMax: Type.Union([Type.Integer(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  childCount: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type OrganisationView = Static<typeof OrganisationSchema>;

const Edrpou = Type.String({ pattern: '^[0-9]{8}$', description: 'ЄДРПОУ, 8 digits with check digit' });
const Katottg = Type.String({ pattern: '^UA[0-9]{17}$' });

export const OrganisationCreateBody = Type.Object(
  {
    kind: lit(['region', 'ouo', 'school'], 'What to create'),
    parentId: Type.String({
      format: 'uuid',
      description: 'Region for an ОУО; ОУО for a school; ministry for a region',
    }),
    name: Type.String({ minLength: 3, maxLength: 300 }),
    shortName: Type.Optional(Type.String({ maxLength: 120 })),
    edrpou: Type.Optional(Edrpou),
    territoryCode: Type.Optional(Katottg),
    schoolType: Type.Optional(lit(SCHOOL_TYPES, 'Type of school')),
    ownership: Type.Optional(lit(OWNERSHIPS, 'Form of ownership')),
    settlementType: Type.Optional(lit(['urban', 'rural'], 'Urban or rural; derived from the territory when absent')),
    status: Type.Optional(lit(ORG_STATUSES, 'Status')),
    originalTerritoryCode: Type.Optional(Katottg),
    founder: Type.Optional(Type.String({ maxLength: 300 })),
    gradeMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    gradeMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type OrganisationCreate = Static<typeof OrganisationCreateBody>;

export const OrganisationPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 3, maxLength: 300 })),
    shortName: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    edrpou: Type.Optional(Edrpou),
    territoryCode: Type.Optional(Katottg),
    schoolType: Type.Optional(lit(SCHOOL_TYPES, 'Type of school')),
    ownership: Type.Optional(lit(OWNERSHIPS, 'Form of ownership')),
    settlementType: Type.Optional(lit(['urban', 'rural'], 'Urban or rural')),
    status: Type.Optional(lit(ORG_STATUSES, 'Status')),
    originalTerritoryCode: Type.Optional(Type.Union([Katottg, Type.Null()])),
    founder: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
    gradeMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    gradeMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    /** Moving a school to another ОУО (region admins). */
    parentId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrganisationPatch = Static<typeof OrganisationPatchBody>;

export const OrganisationListQuery = Type.Object({
  kind: Type.Optional(lit(['ministry', 'region', 'ouo', 'school'], 'Only this level')),
  parentId: Type.Optional(Type.String({ format: 'uuid' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name prefix or ЄДРПОУ' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
});

export const OrganisationVersionSchema = Type.Object({
  version: Type.Integer(),
  changedAt: Type.String({ format: 'date-time' }),
  changedBy: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});
