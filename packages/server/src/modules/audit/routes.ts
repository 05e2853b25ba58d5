import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { scopeOf } from '../auth/caller';
import { callerOf } from '../auth/guard';
import { AuditRepository } from './repository';
import { AuditService } from './service';

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorLogin: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  client: Type.String(),
  action: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const Day = Type.String({ format: 'date' });

export async function registerAuditRoutes(app: App, ctx: AppContext): Promise<void> {
  const repo = new AuditRepository();
  const audit = new AuditService();

  app.get(
    '/api/v1/audit',
    {
      config: { auth: { auth: 'user', action: 'audit:read' } },
      schema: {
        tags: ['Аудит'],
        summary: 'Search the audit log of my scope (security officers), newest first',
        querystring: Type.Object({
          from: Type.Optional(Day),
          to: Type.Optional(Day),
          actor: Type.Optional(Type.String({ maxLength: 64 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          objectType: Type.Optional(Type.String({ maxLength: 40 })),
          objectId: Type.Optional(Type.String({ maxLength: 100 })),
          outcome: Type.Optional(Type.Enum(['ok', 'denied', 'failed'])),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntrySchema),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      // What is still pending is sealed first, so a search shows everything up to this moment.
      await repo.sealAll(ctx.db);
      return ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
        const rows = await repo.search(trx, {
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.actor ? { actorLogin: q.actor } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.objectType ? { objectType: q.objectType } : {}),
          ...(q.objectId ? { objectId: q.objectId } : {}),
          ...(q.outcome ? { outcome: q.outcome } : {}),
          ...(q.before ? { before: q.before } : {}),
          limit: q.limit + 1,
        });
        // Reading the audit log is itself audited.
        await audit.record(trx, caller, {
          action: 'audit.search',
          objectType: 'audit',
          details: { filters: Object.keys(q).filter((k) => k !== 'limit') },
        });
        const items = rows.slice(0, q.limit);
        return {
          items: items.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            actorLogin: r.actor_login,
            role: r.role,
            organisationId: r.organisation_id,
            client: r.client,
            action: r.action,
            objectType: r.object_type,
            objectId: r.object_id,
            requestId: r.request_id,
            ip: r.ip,
            outcome: r.outcome,
            details: r.details,
          })),
          nextBefore: rows.length > q.limit ? items[items.length - 1]!.id : null,
        };
      });
    },
  );
}
