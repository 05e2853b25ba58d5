import { Type } from 'typebox';
import { PLATFORM_SCOPES } from '../scopes';

export const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ description: 'client_credentials', maxLength: 100 })),
    scope: Type.Optional(
      Type.String({ description: `Space-separated, of: ${PLATFORM_SCOPES.join(', ')}`, maxLength: 500 }),
    ),
    client_id: Type.Optional(Type.String({ description: 'With client_secret_post', maxLength: 100 })),
    client_secret: Type.Optional(Type.String({ description: 'With client_secret_post', maxLength: 200 })),
  },
  { additionalProperties: true },
);

export const TokenSchema = Type.Object({
  access_token: Type.String({ description: 'A signed JWT (RFC 9068), to send as `Authorization: Bearer …`' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds' }),
  scope: Type.String(),
});

export const OAuthErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'RFC 6749 § 5.2 code: invalid_request, invalid_client, invalid_scope …' }),
    error_description: Type.String({ description: 'English (RFC 6749 allows ASCII only)' }),
    error_description_uk: Type.String({ description: 'The same in Ukrainian' }),
  },
  { additionalProperties: true },
);

export const JwkSetSchema = Type.Object({
  keys: Type.Array(
    Type.Object(
      {
        kty: Type.String(),
        crv: Type.String(),
        x: Type.String(),
        y: Type.String(),
        kid: Type.String(),
        alg: Type.String(),
        use: Type.String(),
      },
      { additionalProperties: true },
    ),
  ),
});

export const AuthorizationServerMetadataSchema = Type.Object(
  {
    issuer: Type.String(),
    token_endpoint: Type.String(),
    jwks_uri: Type.String(),
    grant_types_supported: Type.Array(Type.String()),
    token_endpoint_auth_methods_supported: Type.Array(Type.String()),
    scopes_supported: Type.Array(Type.String()),
    response_types_supported: Type.Array(Type.String()),
    service_documentation: Type.String(),
  },
  { additionalProperties: true },
);
