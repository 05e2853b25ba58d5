import type { Action } from '@aikom/domain/access/policy';
import { can } from '@aikom/domain/access/policy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { Caller, PlatformActor, RequestActor, UserActor } from './caller';
import { AuthService, SESSION_COOKIE, safeEqual } from './service';

/**
 * Who may call a route: `public` (anyone), `user` (a signed-in portal user who passed the second factor),
 * `user-pre-mfa` (signed in, second factor not yet enrolled: enrolment and sign-out only), `platform` (an ОІС with a
 * token), `any` (user or platform). `action` is checked with the policy for the role (scope is checked by services
 * against the resource, and by the database again).
 */
export interface RouteAuth {
  auth: 'public' | 'user' | 'user-pre-mfa' | 'platform' | 'any';
  action?: Action;
  /** Platform token scope required, e.g. `pupils:write`. */
  scope?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: RequestActor | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A resolver of bearer tokens, registered by the exchange feature (platforms). */
export type BearerResolver = (token: string) => Promise<PlatformActor | null>;

export interface Guard {
  setBearerResolver(resolver: BearerResolver): void;
}

export function registerGuard(app: FastifyInstance, ctx: AppContext): Guard {
  const auth = new AuthService(ctx);
  let bearer: BearerResolver | null = null;
  app.decorateRequest('actor', null);

  // The OpenAPI document states each route's security from its declared rule.
  app.addHook('onRoute', (route) => {
    const rule = route.config?.auth;
    if (!rule || !route.schema) return;
    const security =
      rule.auth === 'public'
        ? []
        : rule.auth === 'platform'
          ? [{ oauth2: rule.scope ? [rule.scope] : [] }]
          : rule.auth === 'any'
            ? [{ sessionCookie: [], csrfToken: [] }, { oauth2: rule.scope ? [rule.scope] : [] }]
            : [{ sessionCookie: [], csrfToken: [] }];
    (route.schema as { security?: unknown }).security = security;
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ') && bearer) {
      request.actor = await bearer(header.slice(7).trim());
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = await auth.resolveSession(token);
  });

  app.addHook('preHandler', async (request) => {
    const rule = request.routeOptions.config.auth;
    if (!rule) {
      // Every API route declares who may call it; an undeclared one is closed.
      if (request.url.startsWith('/api/v1/')) throw new AppError('FORBIDDEN');
      return;
    }
    if (rule.auth === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError(request.cookies[SESSION_COOKIE] ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (actor.kind === 'user') {
      if (rule.auth === 'platform') throw new AppError('FORBIDDEN');
      // Cookie-authenticated writes must carry the session's CSRF token.
      if (UNSAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, actor.csrfToken)) throw new AppError('CSRF_FAILED');
      }
      if (!actor.mfaPassed && rule.auth !== 'user-pre-mfa') throw new AppError('TOTP_ENROLMENT_REQUIRED');
    } else {
      if (rule.auth === 'user' || rule.auth === 'user-pre-mfa') throw new AppError('FORBIDDEN');
      if (rule.scope && !actor.scopes.includes(rule.scope))
        throw new AppError('FORBIDDEN', { detail: `Токен не має дозволу ${rule.scope}.` });
    }
    if (rule.action && !can(actor, rule.action)) throw new AppError('FORBIDDEN');
  });

  return { setBearerResolver: (r) => (bearer = r) };
}

/** The caller of a guarded route (the guard has ensured there is an actor). */
export function callerOf(request: FastifyRequest): Caller {
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return {
    actor,
    requestId: request.id,
    ip: request.ip ?? null,
    client: actor.kind === 'platform' ? `platform:${actor.clientId}` : 'portal',
  };
}

export function userOf(request: FastifyRequest): UserActor {
  const actor = request.actor;
  if (actor?.kind !== 'user') throw new AppError('UNAUTHENTICATED');
  return actor;
}
