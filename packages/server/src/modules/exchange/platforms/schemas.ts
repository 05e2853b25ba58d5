import { Type, type Static } from 'typebox';
import { PLATFORM_SCOPES } from '../scopes';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PlatformSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  operator: Type.String({ description: 'Who runs the platform (legal entity)' }),
  contact: Type.String({ description: "The operator's technical contact" }),
  clientId: Type.String({ description: 'OAuth client_id' }),
  scopes: Type.Array(Type.Enum([...PLATFORM_SCOPES])),
  rateLimitPerMinute: Type.Integer(),
  status: Type.Enum(['active', 'revoked']),
  schools: Type.Integer({ description: 'Schools the platform serves now' }),
  secretRotatedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
});
export type PlatformView = Static<typeof PlatformSchema>;

export const PlatformCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    operator: Type.String({ minLength: 1, maxLength: 300 }),
    contact: Type.String({ minLength: 3, maxLength: 300, description: 'E-mail or phone of the technical contact' }),
    scopes: Type.Optional(Type.Array(Type.Enum([...PLATFORM_SCOPES]), { minItems: 1, uniqueItems: true })),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type PlatformCreate = Static<typeof PlatformCreateBody>;

export const CredentialsSchema = Type.Object({
  platform: PlatformSchema,
  clientId: Type.String(),
  clientSecret: Type.String({ description: 'Shown once; store it in a secret manager' }),
  previousSecretValidUntil: Nullable(Type.String({ format: 'date-time' })),
});
export type Credentials = Static<typeof CredentialsSchema>;
