import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { requireIfMatch, setEtag } from '../../http/etag';
import { problemResponses } from '../../http/schemas';
import { callerOf } from '../auth/guard';
import {
  OrganisationCreateBody,
  OrganisationListQuery,
  OrganisationPatchBody,
  OrganisationSchema,
  OrganisationVersionSchema,
} from './schemas';
import { OrganisationService } from './service';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export async function registerOrganisationRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new OrganisationService(ctx);
  const tags = ['Організації'];

  app.get(
    '/api/v1/organisations',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'Organisations of my scope (regions, ОУО, schools), by level, parent or name',
        querystring: OrganisationListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(OrganisationSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.list(callerOf(request), request.query),
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'One organisation (ETag = version)',
        params: IdParams,
        response: { 200: OrganisationSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const org = await service.get(callerOf(request), request.params.id);
      setEtag(reply, org.version);
      return org;
    },
  );

  app.get(
    '/api/v1/organisations/:id/history',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'Every version of an organisation',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(OrganisationVersionSchema) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => ({
      items: (await service.history(callerOf(request), request.params.id)).map((v) => ({
        version: v.version,
        changedAt: v.changed_at.toISOString(),
        changedBy: v.changed_by,
        data: v.data,
      })),
    }),
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { auth: { auth: 'user', action: 'organisation:create' } },
      schema: {
        tags,
        summary: 'Create an ОУО or a school inside my scope',
        body: OrganisationCreateBody,
        response: { 201: OrganisationSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const org = await service.create(callerOf(request), request.body);
      setEtag(reply, org.version);
      return reply.status(201).send(org);
    },
  );

  app.patch(
    '/api/v1/organisations/:id',
    {
      config: { auth: { auth: 'user', action: 'organisation:update' } },
      schema: {
        tags,
        summary: 'Change an organisation (If-Match: its ETag); the previous version is kept',
        params: IdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: OrganisationPatchBody,
        response: { 200: OrganisationSchema, ...problemResponses(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const org = await service.update(callerOf(request), request.params.id, request.body, requireIfMatch(request));
      setEtag(reply, org.version);
      return org;
    },
  );
}
