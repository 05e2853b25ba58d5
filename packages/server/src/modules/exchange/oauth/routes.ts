import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { normaliseError } from '../../../http/problem';
import { PLATFORM_SCOPES } from '../scopes';
import { AuthorizationServerMetadataSchema, JwkSetSchema, OAuthErrorSchema, TokenBody, TokenSchema } from './schemas';
import { OAuthError, tokenService } from './tokens';

const tags = ['Обмін з ОІС: авторизація'];

type Form = Record<string, string | undefined>;

/** `application/x-www-form-urlencoded` (RFC 6749 § 4.4.2); a parameter sent twice is refused (§ 3.1). */
function parseForm(body: string): Form {
  const params = new URLSearchParams(body);
  const out: Form = {};
  for (const [k, v] of params) {
    if (k in out) throw new OAuthError('invalid_request', `Parameter ${k} is repeated.`, `Параметр ${k} повторюється.`);
    out[k] = v;
  }
  return out;
}

/** RFC 6749 § 2.3.1: HTTP Basic with form-urlencoded id and secret, or both in the body — never both ways. */
function clientAuth(request: FastifyRequest): { clientId: string; clientSecret: string; basic: boolean } {
  const body = (request.body ?? {}) as Form;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
    if (!m)
      throw new OAuthError(
        'invalid_client',
        'Use HTTP Basic or client_secret_post.',
        'Автентифікуйте клієнта через HTTP Basic або client_secret_post.',
      );
    if (body.client_secret !== undefined)
      throw new OAuthError(
        'invalid_request',
        'Use one client authentication method only.',
        'Автентифікуйте клієнта лише одним способом.',
      );
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const formDecode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    if (colon < 0)
      throw new OAuthError('invalid_client', 'Malformed Basic credentials.', 'Некоректні облікові дані Basic.');
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
      basic: true,
    };
  }
  if (!body.client_id || !body.client_secret)
    throw new OAuthError(
      'invalid_client',
      'Client authentication is missing.',
      'Не передано облікові дані клієнта (client_id і client_secret).',
    );
  return { clientId: body.client_id, clientSecret: body.client_secret, basic: false };
}

function sendOAuthError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  let e: OAuthError;
  if (error instanceof OAuthError) e = error;
  else {
    const app = normaliseError(error);
    if (app.status === 429) e = new OAuthError('invalid_request', 'Too many requests.', app.title, 429);
    else if (app.status >= 500) {
      request.log.error({ err: error }, 'token endpoint failed');
      e = new OAuthError('invalid_request', 'Server error, try again later.', app.title, 500);
    } else e = new OAuthError('invalid_request', 'Malformed token request.', app.detail ?? app.title);
  }
  if (e.error === 'invalid_client' && request.headers.authorization)
    reply.header('www-authenticate', 'Basic realm="aikom", charset="UTF-8"');
  return reply
    .status(e.status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json')
    .send({
      error: e.status === 500 ? 'server_error' : e.error,
      error_description: e.description,
      error_description_uk: e.descriptionUk,
    });
}

/** The token endpoint, the JWKS and the authorization-server metadata (RFC 8414). */
export async function registerOAuthRoutes(app: App, ctx: AppContext): Promise<void> {
  const tokens = tokenService(ctx);

  await app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_request, body, done) => {
        try {
          done(null, parseForm(body as string));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
    scope.setErrorHandler((error, request, reply) => sendOAuthError(request, reply, error));
    scope.post(
      '/oauth/token',
      {
        config: {
          auth: { auth: 'public' },
          rateLimit: { max: 60, timeWindow: '1 minute' },
        },
        schema: {
          tags,
          summary: 'An access token for a platform (OAuth 2.0 client credentials, RFC 6749 § 4.4)',
          description:
            'Client authentication: HTTP Basic (client_secret_basic) or client_id and client_secret in the body ' +
            '(client_secret_post). The body is `application/x-www-form-urlencoded` (JSON is accepted too). The token ' +
            'is an ES256-signed JWT (RFC 9068) valid for 15 minutes; errors follow RFC 6749 § 5.2.',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenBody,
          response: { 200: TokenSchema, 400: OAuthErrorSchema, 401: OAuthErrorSchema, 429: OAuthErrorSchema },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Form;
        const client = clientAuth(request);
        const issued = await tokens.issue({
          grantType: body.grant_type,
          scope: body.scope,
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          ip: request.ip ?? null,
          requestId: request.id,
        });
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(issued);
      },
    );
  });

  app.get(
    '/oauth/jwks.json',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags,
        summary: 'Public keys that verify access tokens (JWK Set, RFC 7517)',
        response: { 200: JwkSetSchema },
      },
    },
    async (_request, reply) => {
      const keys = await tokens.keys.published();
      reply.header('cache-control', 'public, max-age=300');
      return { keys: [...keys.values()].map((k) => k.jwk as Static<typeof JwkSetSchema>['keys'][number]) };
    },
  );

  app.get(
    '/.well-known/oauth-authorization-server',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags,
        summary: 'Authorization server metadata (RFC 8414)',
        response: { 200: AuthorizationServerMetadataSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      const base = tokens.issuer;
      return {
        issuer: base,
        token_endpoint: `${base}/oauth/token`,
        jwks_uri: `${base}/oauth/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: [...PLATFORM_SCOPES],
        response_types_supported: [],
        service_documentation: `${base}/api/docs`,
      };
    },
  );
}
