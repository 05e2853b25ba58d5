import rateLimit from '@fastify/rate-limit';
import { can, type Action } from '@aikom/domain/access/policy';
import { grantableRoles, ROLE_INFO } from '@aikom/domain/access/roles';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { scopeOf } from './caller';
import { userOf } from './guard';
import {
  ActivateBody,
  LoginBody,
  MeSchema,
  PasswordChangeBody,
  SessionSchema,
  SignedInSchema,
  TotpConfirmBody,
  TotpSetupSchema,
} from './schemas';
import { AuthService, publicSessionId, SESSION_COOKIE, type RequestMeta, type SignedIn } from './service';

const ACTIONS: readonly Action[] = [
  'organisation:read',
  'organisation:create',
  'organisation:update',
  'user:read',
  'user:create',
  'user:manage',
  'audit:read',
  'pupil:read',
  'pupil:write',
  'pupil:export',
  'aggregate:read',
  'campaign:manage',
  'campaign:confirm',
  'transition:run',
  'school-year:manage',
  'platform:manage',
  'platform:link',
  'report:enter',
  'subvention:read',
  'subvention:manage',
  'verification:manage',
  'verification:case',
];

export async function registerAuthRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new AuthService(ctx);
  const tags = ['Вхід і сеанси'];
  const secure = ctx.config.trustProxy || (ctx.config.publicUrl?.startsWith('https://') ?? false);
  const meta = (request: FastifyRequest): RequestMeta => ({
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  });
  const setCookie = (reply: FastifyReply, signedIn: SignedIn) => {
    // A fresh token at every sign-in: a cookie planted before sign-in is never promoted (no session fixation).
    reply.setCookie(SESSION_COOKIE, signedIn.token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    return { csrfToken: signedIn.csrfToken, mfaEnrolmentRequired: signedIn.mfaEnrolmentRequired, user: signedIn.user };
  };

  await app.register(rateLimit, { global: false });
  const signInLimit = { max: 20, timeWindow: '1 minute' };

  app.post(
    '/api/v1/auth/login',
    {
      config: { auth: { auth: 'public' }, rateLimit: signInLimit },
      schema: {
        tags,
        summary: 'Sign in with login, password and (when enrolled) the TOTP code',
        description:
          'Sets the HttpOnly session cookie and returns a CSRF token. When the second factor is enrolled and no `totp` is given, answers 401 TOTP_REQUIRED.',
        body: LoginBody,
        response: { 200: SignedInSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => setCookie(reply, await service.login(request.body, meta(request))),
  );

  app.post(
    '/api/v1/auth/activate',
    {
      config: { auth: { auth: 'public' }, rateLimit: signInLimit },
      schema: {
        tags,
        summary: 'First sign-in: one-time activation code and a new password',
        body: ActivateBody,
        response: { 200: SignedInSchema, ...problemResponses(400, 429) },
      },
    },
    async (request, reply) => setCookie(reply, await service.activate(request.body, meta(request))),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { auth: { auth: 'user-pre-mfa' } },
      schema: {
        tags,
        summary: 'Sign out (ends this session)',
        response: { 204: Type.Null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await service.logout(userOf(request), meta(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    {
      config: { auth: { auth: 'user-pre-mfa' } },
      schema: {
        tags,
        summary: 'Start enrolling the TOTP second factor',
        response: { 200: TotpSetupSchema, ...problemResponses(401, 403, 409) },
      },
    },
    async (request) => service.totpSetup(userOf(request), meta(request)),
  );

  app.post(
    '/api/v1/auth/totp/confirm',
    {
      config: { auth: { auth: 'user-pre-mfa' } },
      schema: {
        tags,
        summary: 'Finish TOTP enrolment with a code from the app',
        description:
          'Replaces the session: the answer sets a new session cookie and the old one ends (the CSRF token stays the same).',
        body: TotpConfirmBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      setCookie(reply, await service.totpConfirm(userOf(request), request.body.code, meta(request)));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { auth: { auth: 'user-pre-mfa' } },
      schema: {
        tags,
        summary: 'The signed-in user, their organisation and permissions',
        response: { 200: MeSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const actor = userOf(request);
      const ids = [actor.organisationId, actor.regionId, actor.ouoId].filter((x): x is string => !!x);
      const [orgs, user] = await ctx.db.scoped(scopeOf(actor), async (trx) =>
        Promise.all([
          trx.selectFrom('organisation').select(['id', 'kind', 'name', 'edrpou']).where('id', 'in', ids).execute(),
          trx.selectFrom('app_user').select(['totp_enrolled_at']).where('id', '=', actor.userId).executeTakeFirst(),
        ]),
      );
      const byId = new Map(orgs.map((o) => [o.id, o]));
      const ref = (id: string | null) => (id && id !== actor.organisationId ? (byId.get(id) ?? null) : null);
      return {
        id: actor.userId,
        login: actor.login,
        fullName: actor.fullName,
        role: actor.role,
        roleLabel: ROLE_INFO[actor.role].uk,
        organisation: byId.get(actor.organisationId) ?? {
          id: actor.organisationId,
          kind: ROLE_INFO[actor.role].kind,
          name: '',
          edrpou: null,
        },
        region: ref(actor.regionId),
        ouo: ref(actor.ouoId),
        mfaPassed: actor.mfaPassed,
        mfaEnrolled: !!user?.totp_enrolled_at,
        permissions: ACTIONS.filter((a) => can(actor, a)),
        grantableRoles: [...grantableRoles(actor.role)],
        csrfToken: actor.csrfToken,
      };
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags,
        summary: 'My active sessions',
        response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      const actor = userOf(request);
      const sessions = await service.sessions(actor);
      return {
        items: sessions.map((s) => ({
          id: publicSessionId(s.id),
          current: s.id === actor.sessionId,
          createdAt: s.created_at.toISOString(),
          lastSeenAt: s.last_seen_at.toISOString(),
          expiresAt: s.expires_at.toISOString(),
          ip: s.ip,
          userAgent: s.user_agent,
        })),
      };
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await service.revokeSessions(userOf(request), { id: request.params.id }, meta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/sessions/revoke-others',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags,
        summary: 'Sign out everywhere else',
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...problemResponses(401) },
      },
    },
    async (request) => ({ revoked: await service.revokeSessions(userOf(request), { others: true }, meta(request)) }),
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      await service.changePassword(
        userOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        meta(request),
      );
      return reply.status(204).send(null);
    },
  );
}
