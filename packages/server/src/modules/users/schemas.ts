import { Type, type Static } from 'typebox';
import { RoleSchema } from '../auth/schemas';

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  login: Type.String(),
  fullName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  roleLabel: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  status: Type.Enum(['pending', 'active', 'disabled']),
  mfaEnrolled: Type.Boolean(),
  validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export type UserView = Static<typeof UserSchema>;

export const UserCreateBody = Type.Object(
  {
    login: Type.String({ pattern: '^[A-Za-z0-9._@-]{3,64}$', description: 'Latin letters, digits, . _ @ -' }),
    fullName: Type.String({ minLength: 3, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    role: RoleSchema,
    organisationId: Type.String({ format: 'uuid' }),
    validUntil: Type.Optional(
      Type.String({ format: 'date-time', description: 'Access ends at this moment (time-limited access)' }),
    ),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateBody>;

export const UserCreatedSchema = Type.Object({
  user: UserSchema,
  activationCode: Type.String({ description: 'Shown once: give it to the user; it expires' }),
  activationExpiresAt: Type.String({ format: 'date-time' }),
});

export const UserListQuery = Type.Object({
  organisationId: Type.Optional(Type.String({ format: 'uuid' })),
  role: Type.Optional(RoleSchema),
  status: Type.Optional(Type.Enum(['pending', 'active', 'disabled'])),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Login or name prefix' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
});

export const ValidUntilBody = Type.Object(
  { validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) },
  { additionalProperties: false },
);
