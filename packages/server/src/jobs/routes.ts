import { Type } from 'typebox';
import type { AppContext } from '../context';
import type { App } from '../http/app';
import { problemResponses } from '../http/schemas';
import { scopeOf } from '../modules/auth/caller';
import { callerOf } from '../modules/auth/guard';

export const JobSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.Enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: Type.Object({
    done: Type.Integer(),
    total: Type.Union([Type.Integer(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    percent: Type.Union([Type.Integer(), Type.Null()]),
  }),
  result: Type.Unknown(),
  error: Type.Unknown(),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export async function registerJobRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['Завдання'];
  const params = Type.Object({ id: Type.String({ format: 'uuid' }) });
  app.get(
    '/api/v1/jobs/:id',
    {
      config: { auth: { auth: 'any' } },
      schema: {
        tags,
        summary: 'Status and progress of a job (imports, rollover, linkage…)',
        params,
        response: { 200: JobSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => ctx.jobs.get(request.params.id, scopeOf(callerOf(request).actor)),
  );
  app.post(
    '/api/v1/jobs/:id/cancel',
    {
      config: { auth: { auth: 'any' } },
      schema: {
        tags,
        summary: 'Ask a job to stop (queued jobs stop at once; running ones at the next safe point)',
        description: 'Only whoever started the job may stop it (403 otherwise).',
        params,
        response: { 202: JobSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(callerOf(request).actor);
      await ctx.jobs.cancel(request.params.id, scope);
      return reply.status(202).send(await ctx.jobs.get(request.params.id, scope));
    },
  );
}
