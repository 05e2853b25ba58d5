import { Type, type Static } from 'typebox';
import { PlatformPupilSchema } from '../pupils/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const FEED_KINDS = ['created', 'updated', 'deleted', 'key_changed'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const ChangeSchema = Type.Object({
  id: Type.Integer({ description: 'Event id (for reference; resume with nextCursor, not with ids)' }),
  kind: Type.Enum([...FEED_KINDS], {
    description:
      'created / updated / key_changed: upsert `pupil`; deleted: the pupil is not (any longer) enrolled in your scope — remove it',
  }),
  event: Type.String({
    description: 'The registry event behind the change: created, updated, key_changed, exited, enrolled …',
  }),
  pupilId: Type.String({ format: 'uuid' }),
  externalId: Nullable(Type.String({ description: "Your platform's id of the pupil, when you have sent it" })),
  schoolEdrpou: Nullable(Type.String({ description: 'The school where the change happened' })),
  at: Type.String({ format: 'date-time' }),
  source: Type.String({ description: 'portal, import, seed or platform:<client_id>' }),
  fields: Type.Array(Type.String(), { description: 'Top-level fields of the record that changed, when known' }),
  pupil: Nullable(PlatformPupilSchema),
});
export type ChangeView = Static<typeof ChangeSchema>;

export const ChangesQuery = Type.Object({
  cursor: Type.Optional(
    Type.String({ maxLength: 200, description: 'nextCursor of the previous page; none = from the start' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
});

export const ChangePageSchema = Type.Object({
  items: Type.Array(ChangeSchema),
  nextCursor: Type.String({ description: 'Where to continue (store it; also when items is empty)' }),
  hasMore: Type.Boolean({ description: 'More changes can be read now' }),
  pending: Type.Boolean({
    description:
      'Committed changes are held back until an older transaction ends (they are never skipped): poll again shortly',
  }),
});

export const HeadSchema = Type.Object({
  cursor: Type.String({ description: 'A cursor from which only later changes are returned' }),
});
