import { Type } from 'typebox';
import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { problemResponses } from '../../../http/schemas';
import { callerOf } from '../../auth/guard';
import {
  LinkDecisionBody,
  LinkListQuery,
  LinkRequestBody,
  LinkSchema,
  SchoolPlatformSchema,
  type LinkView,
} from './schemas';
import { LinkService } from './service';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A school's choice of platform: the portal's side. */
export async function registerLinkRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new LinkService(ctx);
  const tags = ['Освітні платформи (ОІС)'];

  app.get(
    '/api/v1/schools/:schoolId/platform',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'Which platform serves a school: managedBy, the fields the portal may not edit, requests and history',
        params: Type.Object({ schoolId: Type.String({ format: 'uuid' }) }),
        response: { 200: SchoolPlatformSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.schoolStatus(callerOf(request), request.params.schoolId),
  );

  app.post(
    '/api/v1/schools/:schoolId/platform-requests',
    {
      config: { auth: { auth: 'user', action: 'platform:link' } },
      schema: {
        tags,
        summary: "The school's director asks the ОУО to let a platform serve the school",
        params: Type.Object({ schoolId: Type.String({ format: 'uuid' }) }),
        body: LinkRequestBody,
        response: { 201: LinkSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.request(callerOf(request), request.params.schoolId, request.body)),
  );

  app.get(
    '/api/v1/platform-links',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'Schools’ platform choices in my scope (e.g. requests awaiting the ОУО: status=requested)',
        querystring: LinkListQuery,
        response: {
          200: Type.Object({ items: Type.Array(LinkSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.list(callerOf(request), request.query),
  );

  const decision = (
    verb: 'approve' | 'reject' | 'cancel' | 'end',
    summary: string,
    run: (id: string, note: string | undefined, request: Parameters<typeof callerOf>[0]) => Promise<LinkView>,
  ) =>
    app.post(
      `/api/v1/platform-links/:id/${verb}`,
      {
        config: { auth: { auth: 'user', action: 'platform:link' } },
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Optional(LinkDecisionBody),
          response: { 200: LinkSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => run(request.params.id, (request.body as { note?: string } | undefined)?.note, request),
    );
  decision('approve', 'The ОУО approves: the platform serves the school from now on', (id, note, r) =>
    service.approve(callerOf(r), id, note),
  );
  decision('reject', 'The ОУО rejects the request', (id, note, r) => service.reject(callerOf(r), id, note));
  decision('cancel', 'The school withdraws its request', (id, _note, r) => service.cancel(callerOf(r), id));
  decision('end', 'The school or its ОУО ends the platform’s service', (id, _note, r) => service.end(callerOf(r), id));
}
