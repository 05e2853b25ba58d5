import { Type, type Static } from 'typebox';

export const KatottgCode = Type.String({
  pattern: '^UA[0-9]{17}$',
  description: 'KATOTTH code',
  examples: ['UA80000000000093317'],
});

export const HostilityPeriodSchema = Type.Object({
  kind: Type.String({
    description:
      'possible_hostilities | active_hostilities | active_hostilities_with_state_eresources | temporarily_occupied',
  }),
  kindLabel: Type.String(),
  code: Type.String(),
  listedName: Type.String({ description: 'Name as in the list (may note exceptions)' }),
  start: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  end: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  scope: Type.Union([Type.Literal('self'), Type.Literal('ancestor'), Type.Literal('settlement')], {
    description:
      'Whether the period is listed for the territory itself, for a unit containing it, or for a settlement in it',
  }),
});

export const TerritorySchema = Type.Object({
  code: KatottgCode,
  name: Type.String(),
  displayName: Type.String(),
  category: Type.String(),
  categoryLabel: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 5 }),
  childCount: Type.Integer(),
  listed: Type.Boolean({ description: 'On the list of hostilities/occupation now (itself or a containing unit)' }),
});

export const TerritoryDetailSchema = Type.Intersect([
  TerritorySchema,
  Type.Object({
    path: Type.Array(Type.Object({ code: Type.String(), displayName: Type.String(), level: Type.Integer() })),
    hostilities: Type.Array(HostilityPeriodSchema),
    status: Type.Object({
      listedSince: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      currentKinds: Type.Array(Type.String()),
      partial: Type.Boolean({ description: 'Only some settlements of the hromada are listed' }),
    }),
  }),
]);

export const ChildrenQuery = Type.Object({
  parent: Type.Optional(KatottgCode),
});

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 2, maxLength: 100 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
});

export const SearchHitSchema = Type.Intersect([
  TerritorySchema,
  Type.Object({
    pathLabel: Type.String({ description: 'Containing units, e.g. «Київська область › Бучанський район»' }),
  }),
]);

export type Territory = Static<typeof TerritorySchema>;
export type TerritoryDetail = Static<typeof TerritoryDetailSchema>;
export type SearchHit = Static<typeof SearchHitSchema>;
export type HostilityPeriodView = Static<typeof HostilityPeriodSchema>;
