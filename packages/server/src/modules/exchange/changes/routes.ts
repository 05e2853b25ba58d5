import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { problemResponses } from '../../../http/schemas';
import { callerOf } from '../../auth/guard';
import { PLATFORM_RATE_LIMIT } from '../rate-limit';
import { ChangePageSchema, ChangesQuery, HeadSchema } from './schemas';
import { ChangeFeedService } from './service';

export async function registerChangeRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new ChangeFeedService(ctx);
  const tags = ['Обмін з ОІС: стрічка змін'];

  app.get(
    '/api/v1/changes',
    {
      config: { auth: { auth: 'any', action: 'pupil:read', scope: 'changes:read' }, rateLimit: PLATFORM_RATE_LIMIT },
      schema: {
        tags,
        summary: 'The change feed of my scope: created, updated, deleted and key-changed pupils, resumable',
        description:
          'Monotonic: a change is returned only once every transaction that could still add an earlier one has ' +
          'ended, so resuming from `nextCursor` never skips a change. Each item carries the pupil’s current record; ' +
          '`deleted` means the pupil is no longer enrolled in your scope (exit, transfer out, school no longer ' +
          'served). Platforms see the schools they serve, portal users their region, ОУО or school.',
        querystring: ChangesQuery,
        response: { 200: ChangePageSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request) => service.read(callerOf(request), request.query),
  );

  app.get(
    '/api/v1/changes/head',
    {
      config: { auth: { auth: 'any', action: 'pupil:read', scope: 'changes:read' }, rateLimit: PLATFORM_RATE_LIMIT },
      schema: {
        tags,
        summary: 'A cursor at the present: read from it to get only the changes from now on',
        description:
          'For a first synchronisation: take the head, read the schools’ records, then follow the feed from the head.',
        response: { 200: HeadSchema, ...problemResponses(401, 403, 429) },
      },
    },
    async (request) => service.head(callerOf(request)),
  );
}
