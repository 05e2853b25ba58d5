import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LINK_STATUSES = ['requested', 'active', 'rejected', 'cancelled', 'ended'] as const;

export const LinkSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  platform: Type.Object({ id: Type.String(), name: Type.String(), operator: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) }),
  status: Type.Enum([...LINK_STATUSES]),
  requestedAt: Type.String({ format: 'date-time' }),
  requestNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionNote: Nullable(Type.String()),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endReason: Nullable(Type.Enum(['school', 'ouo', 'replaced', 'platform_revoked'])),
});
export type LinkView = Static<typeof LinkSchema>;

export const SchoolPlatformSchema = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) }),
  managedBy: Type.Enum(['portal', 'platform'], {
    description: 'Where the pupil records of the school are kept: typed in the portal, or received from a platform',
  }),
  platform: Nullable(
    Type.Object({ id: Type.String(), name: Type.String(), operator: Type.String(), contact: Type.String() }),
  ),
  since: Nullable(Type.String({ format: 'date-time' })),
  linkId: Nullable(Type.String({ format: 'uuid' })),
  ownedFields: Type.Array(Type.String(), {
    description: 'Fields of the exchange record the portal may not change while a platform serves the school',
  }),
  portalMayExit: Type.Boolean({ description: 'Exits may still be recorded in the portal' }),
  pendingRequest: Nullable(LinkSchema),
  history: Type.Array(LinkSchema),
});
export type SchoolPlatformView = Static<typeof SchoolPlatformSchema>;

export const LinkRequestBody = Type.Object(
  {
    platformId: Type.String({ format: 'uuid' }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const LinkDecisionBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const LinkListQuery = Type.Object({
  status: Type.Optional(Type.Enum([...LINK_STATUSES])),
  schoolId: Type.Optional(Type.String({ format: 'uuid' })),
  platformId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
