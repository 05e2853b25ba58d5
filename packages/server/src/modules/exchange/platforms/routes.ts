import { Type } from 'typebox';
import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { problemResponses } from '../../../http/schemas';
import { callerOf } from '../../auth/guard';
import { CredentialsSchema, PlatformCreateBody, PlatformSchema } from './schemas';
import { PlatformService } from './service';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The register of platforms: readable by portal users (a school chooses from it), kept by the ministry. */
export async function registerPlatformRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new PlatformService(ctx);
  const tags = ['Освітні платформи (ОІС)'];

  app.get(
    '/api/v1/platforms',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'Platforms authorised by the ministry (the ministry also sees revoked ones)',
        response: { 200: Type.Object({ items: Type.Array(PlatformSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: await service.list(callerOf(request)) }),
  );

  app.get(
    '/api/v1/platforms/:id',
    {
      config: { auth: { auth: 'user', action: 'organisation:read' } },
      schema: {
        tags,
        summary: 'One platform',
        params: IdParams,
        response: { 200: PlatformSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.get(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/platforms',
    {
      config: { auth: { auth: 'user', action: 'platform:manage' } },
      schema: {
        tags,
        summary: 'Register a platform: OAuth client credentials (the secret is shown only in this answer)',
        body: PlatformCreateBody,
        response: { 201: CredentialsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(callerOf(request), request.body)),
  );

  app.post(
    '/api/v1/platforms/:id/secret',
    {
      config: { auth: { auth: 'user', action: 'platform:manage' } },
      schema: {
        tags,
        summary: 'Rotate the client secret (the previous one keeps working for 24 hours)',
        params: IdParams,
        response: { 200: CredentialsSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.rotateSecret(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/platforms/:id/revoke',
    {
      config: { auth: { auth: 'user', action: 'platform:manage' } },
      schema: {
        tags,
        summary: 'Revoke a platform: its tokens stop working at once and it no longer serves any school',
        params: IdParams,
        response: { 200: PlatformSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.revoke(callerOf(request), request.params.id),
  );
}
