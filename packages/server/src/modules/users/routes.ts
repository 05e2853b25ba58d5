import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { callerOf } from '../auth/guard';
import { UserCreateBody, UserCreatedSchema, UserListQuery, UserSchema, ValidUntilBody } from './schemas';
import { UserService } from './service';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export async function registerUserRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new UserService(ctx);
  const tags = ['Користувачі'];

  app.get(
    '/api/v1/users',
    {
      config: { auth: { auth: 'user', action: 'user:read' } },
      schema: {
        tags,
        summary: 'Users I manage',
        querystring: UserListQuery,
        response: {
          200: Type.Object({ items: Type.Array(UserSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.list(callerOf(request), request.query),
  );

  app.post(
    '/api/v1/users',
    {
      config: { auth: { auth: 'user', action: 'user:create' } },
      schema: {
        tags,
        summary: 'Create a user with a role I may grant; returns the one-time activation code',
        body: UserCreateBody,
        response: { 201: UserCreatedSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(callerOf(request), request.body)),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { auth: { auth: 'user', action: 'user:read' } },
      schema: {
        tags,
        summary: 'A user I manage',
        params: IdParams,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.get(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/users/:id/disable',
    {
      config: { auth: { auth: 'user', action: 'user:manage' } },
      schema: {
        tags,
        summary: 'Disable a user (their sessions end)',
        params: IdParams,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.setStatus(callerOf(request), request.params.id, 'disabled'),
  );

  app.post(
    '/api/v1/users/:id/enable',
    {
      config: { auth: { auth: 'user', action: 'user:manage' } },
      schema: {
        tags,
        summary: 'Enable a disabled user',
        params: IdParams,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.setStatus(callerOf(request), request.params.id, 'active'),
  );

  app.post(
    '/api/v1/users/:id/reset',
    {
      config: { auth: { auth: 'user', action: 'user:manage' } },
      schema: {
        tags,
        summary: 'Reset password and second factor: a new activation code',
        params: IdParams,
        response: { 200: UserCreatedSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.reset(callerOf(request), request.params.id),
  );

  app.put(
    '/api/v1/users/:id/valid-until',
    {
      config: { auth: { auth: 'user', action: 'user:manage' } },
      schema: {
        tags,
        summary: 'Limit access in time (null = no limit)',
        params: IdParams,
        body: ValidUntilBody,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.setValidUntil(callerOf(request), request.params.id, request.body.validUntil),
  );
}
