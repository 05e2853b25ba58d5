import { Type } from 'typebox';
import { ROLES } from '@aikom/domain/access/roles';

export const RoleSchema = Type.Enum(ROLES, { description: 'Role of the access cascade' });

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(Type.String({ maxLength: 16, description: 'Six-digit code of the authenticator app' })),
  },
  { additionalProperties: false },
);

export const ActivateBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 64 }),
    code: Type.String({
      minLength: 4,
      maxLength: 64,
      description: 'One-time activation code given by the administrator',
    }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const SignedInSchema = Type.Object({
  csrfToken: Type.String({ description: 'Send as x-csrf-token with every state-changing request' }),
  mfaEnrolmentRequired: Type.Boolean(),
  user: Type.Object({ id: Type.String(), login: Type.String(), fullName: Type.String(), role: RoleSchema }),
});

export const TotpSetupSchema = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for manual entry' }),
  uri: Type.String({ description: 'otpauth:// URI' }),
  qrDataUrl: Type.String({ description: 'QR code of the URI, PNG data URL' }),
});

export const TotpConfirmBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 16 }) },
  { additionalProperties: false },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const OrganisationRefSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  name: Type.String(),
  edrpou: Type.Union([Type.String(), Type.Null()]),
});

export const MeSchema = Type.Object({
  id: Type.String(),
  login: Type.String(),
  fullName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  organisation: OrganisationRefSchema,
  region: Type.Union([OrganisationRefSchema, Type.Null()]),
  ouo: Type.Union([OrganisationRefSchema, Type.Null()]),
  mfaPassed: Type.Boolean(),
  mfaEnrolled: Type.Boolean(),
  permissions: Type.Array(Type.String(), { description: 'Actions the role allows (for showing the right controls)' }),
  grantableRoles: Type.Array(RoleSchema),
  csrfToken: Type.String(),
});

export const SessionSchema = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});
