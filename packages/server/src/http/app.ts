import fs from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../context';
import { registerMetrics } from './metrics';
import { normaliseError, registerErrorHandler, registerNotFoundHandler, sendProblem } from './problem';
import { registerLingeringClose } from './lingering-close';
import { findUnstorableText, typeboxValidatorCompiler } from './validation';
import { AppError } from '../errors';
import { ProblemSchema } from './schemas';
import { FEATURES } from '../modules';
import { registerGuard } from '../modules/auth/guard';
import { platformBearerResolver } from '../modules/exchange/oauth/tokens';

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,80}$/;
const NO_STORE_PREFIXES = ['/api/', '/ims/'];

export interface BuildOptions {
  /** Serve the built portal from this directory (default: packages/web/dist when it exists). */
  webDist?: string | false;
  /** Log to this stream-less logger config; tests pass false. */
  logger?: boolean;
}

/** Builds the HTTP application: API, OpenAPI document and docs, health, metrics and the portal. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (ctx.log as FastifyBaseLogger),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: ctx.config.maxUploadBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    },
    // The URL can carry a searched name: log the route pattern, never the raw URL or bodies.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { strict: false } },
    // A malformed percent-encoding or an over-long path parameter is refused by the router itself: as a problem too.
    frameworkErrors: (error, request, reply) => void sendProblem(reply, request, normaliseError(error)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(typeboxValidatorCompiler);
  app.addSchema(ProblemSchema);
  registerErrorHandler(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('preValidation', async (request) => {
    for (const value of [request.params, request.query, request.body]) {
      const path = findUnstorableText(value);
      if (path === undefined) continue;
      const message = 'Запит містить недопустимий символ (U+0000 або неповну сурогатну пару UTF-16).';
      throw new AppError('BAD_REQUEST', { detail: message, errors: [{ path, code: 'TEXT_UNSTORABLE', message }] });
    }
  });
  registerLingeringClose(app);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Browsers heed HSTS only over https: behind a TLS proxy, or when the public address is https.
    hsts:
      ctx.config.trustProxy || ctx.config.publicUrl?.startsWith('https://')
        ? { maxAge: 31536000, includeSubDomains: true }
        : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // Personal data is never cached: the API and the OneRoster face (the token endpoint sets no-store itself).
    if (NO_STORE_PREFIXES.some((p) => request.url.startsWith(p)) && !request.url.startsWith('/api/docs'))
      reply.header('cache-control', 'no-store');
  });
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'aikom — реєстр учнів закладів загальної середньої освіти',
        version: '1.0.0',
        description:
          'Публічний інтерфейс реєстру: портал, обмін з освітніми інформаційними системами (ОІС), довідники. ' +
          'Помилки — RFC 9457 problem+json зі стабільним полем `code`.',
      },
      servers: ctx.config.publicUrl ? [{ url: ctx.config.publicUrl }] : [],
      tags: [],
      components: {
        securitySchemes: {
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'aikom_session',
            description: 'Portal session, set by POST /api/v1/auth/login',
          },
          csrfToken: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'CSRF token from the login response; required on state-changing requests with a session',
          },
          oauth2: {
            type: 'oauth2',
            description: 'Educational information systems (ОІС): OAuth 2.0 client credentials (RFC 6749 § 4.4)',
            flows: {
              clientCredentials: {
                tokenUrl: '/oauth/token',
                scopes: {
                  'pupils:read': 'Read pupils of linked schools',
                  'pupils:write': 'Create and update pupils of linked schools',
                  'changes:read': 'Read the change feed',
                  'roster.readonly': 'OneRoster 1.2 read-only rostering of linked schools',
                },
              },
            },
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerMetrics(app);
  registerGuard(app, ctx).setBearerResolver(platformBearerResolver(ctx));
  for (const feature of FEATURES) await feature.register(app, ctx);

  const webDist = options.webDist === undefined ? WEB_DIST : options.webDist;
  let portalPage: Buffer | undefined;
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    portalPage = fs.readFileSync(path.join(webDist, 'index.html'));
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      // Build metadata (.build-hash, .vite/manifest.json) is not for the public.
      dotfiles: 'ignore',
      setHeaders: (res, file) => {
        // Built assets have content hashes in their names.
        res.setHeader(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  if (portalPage) {
    const page = portalPage;
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
    );
  }
  registerNotFoundHandler(app, portalPage);
  await app.ready();
  return app;
}
