import { Type } from 'typebox';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { scopeOf } from '../auth/caller';
import { callerOf, userOf } from '../auth/guard';
import { NotificationRepository } from '../notifications/repository';
import { CampaignService } from './service';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const IdSchool = Type.Object({ id: Type.String({ format: 'uuid' }), schoolId: Type.String({ format: 'uuid' }) });

const CampaignSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  instructions: Type.String(),
  deadline: Type.String({ format: 'date' }),
  scope: Type.Object({ kind: Type.String(), regionId: Type.Union([Type.String(), Type.Null()]) }),
  indicators: Type.Array(Type.Integer()),
  requiredRules: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  requiresConfirmation: Type.Boolean(),
  reminderDays: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(),
  schoolYear: Type.String(),
  createdAt: Type.String(),
});

const RollupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  schools: Type.Integer(),
  schoolsComplete: Type.Integer(),
  schoolsConfirmed: Type.Integer(),
  schoolsReopened: Type.Integer(),
  schoolsLate: Type.Integer(),
  pupils: Type.Integer(),
  pupilsDone: Type.Integer(),
  completion: Type.Integer({ description: 'Percent of pupils whose required data is complete and valid' }),
  confirmation: Type.Integer({ description: 'Percent of schools that confirmed' }),
});

const SchoolStateSchema = Type.Object({
  schoolId: Type.String(),
  name: Type.String(),
  edrpou: Type.Union([Type.String(), Type.Null()]),
  ouoId: Type.String(),
  regionId: Type.String(),
  pupils: Type.Integer(),
  pupilsDone: Type.Integer(),
  completion: Type.Integer(),
  status: Type.Enum(['open', 'complete', 'confirmed', 'reopened']),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  confirmedBy: Type.Union([Type.String(), Type.Null()]),
  confirmedLate: Type.Union([Type.Boolean(), Type.Null()]),
  overdue: Type.Boolean(),
  canConfirm: Type.Boolean(),
});

export async function registerCampaignRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new CampaignService(ctx);
  const notifications = new NotificationRepository();
  const tags = ['Кампанії актуалізації'];
  const anyUser = { auth: { auth: 'user' as const } };

  app.get(
    '/api/v1/campaigns',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'Campaigns visible in my scope',
        response: { 200: Type.Object({ items: Type.Array(CampaignSchema) }), ...problemResponses(401) },
      },
    },
    async (request) => ({
      items: await service.list(callerOf(request)),
    }),
  );

  app.post(
    '/api/v1/campaigns',
    {
      config: { auth: { auth: 'user', action: 'campaign:manage' } },
      schema: {
        tags,
        summary: 'Open a campaign: title, instructions, deadline, scope, indicators / rules, confirmation',
        body: Type.Object(
          {
            title: Type.String({ minLength: 3, maxLength: 300 }),
            instructions: Type.Optional(Type.String({ maxLength: 5000 })),
            deadline: Type.String({ format: 'date' }),
            scope: Type.Union([
              Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
              Type.Object(
                { kind: Type.Literal('region'), regionId: Type.String({ format: 'uuid' }) },
                { additionalProperties: false },
              ),
              Type.Object(
                {
                  kind: Type.Literal('list'),
                  schoolIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 20000 }),
                },
                { additionalProperties: false },
              ),
            ]),
            indicators: Type.Optional(
              Type.Array(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]), {
                uniqueItems: true,
              }),
            ),
            rules: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 200 })),
            requiresConfirmation: Type.Optional(Type.Boolean()),
            reminderDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ campaign: CampaignSchema, schools: Type.Integer() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(callerOf(request), request.body)),
  );

  app.get(
    '/api/v1/campaigns/:id',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'A campaign with totals and the roll-up one level below my organisation',
        params: Id,
        response: {
          200: Type.Object({
            campaign: CampaignSchema,
            level: Type.String(),
            daysLeft: Type.Integer(),
            totals: Type.Object({
              schools: Type.Integer(),
              confirmed: Type.Integer(),
              complete: Type.Integer(),
              pupils: Type.Integer(),
              done: Type.Integer(),
              completion: Type.Integer(),
              confirmation: Type.Integer(),
            }),
            rows: Type.Array(RollupSchema),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => service.summary(callerOf(request), request.params.id),
  );

  app.get(
    '/api/v1/campaigns/:id/rollup',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'Completion by region, by ОУО (of a region) or by school (of an ОУО), within my scope',
        params: Id,
        querystring: Type.Object({
          level: Type.Enum(['region', 'ouo', 'school']),
          parentId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RollupSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      items: await service.rollup(callerOf(request), request.params.id, request.query.level, request.query.parentId),
    }),
  );

  app.get(
    '/api/v1/campaigns/:id/schools',
    {
      config: anyUser,
      schema: {
        tags,
        summary:
          'Schools of the campaign in my scope (overdue=true: not yet done, those past the deadline first; limit: the first N)',
        params: Id,
        querystring: Type.Object({
          overdue: Type.Optional(Type.Boolean()),
          regionId: Type.Optional(Type.String({ format: 'uuid' })),
          ouoId: Type.Optional(Type.String({ format: 'uuid' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(SchoolStateSchema),
            total: Type.Integer({ description: 'How many schools match, before the limit' }),
          }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const all = await service.schools(callerOf(request), request.params.id, {
        ...(request.query.overdue ? { overdueOnly: true } : {}),
        ...(request.query.regionId ? { regionId: request.query.regionId } : {}),
        ...(request.query.ouoId ? { ouoId: request.query.ouoId } : {}),
      });
      // The overdue list puts the schools past the deadline first (a stable sort keeps the repository's order).
      const items = request.query.overdue ? [...all].sort((a, b) => Number(b.overdue) - Number(a.overdue)) : all;
      return { items: request.query.limit ? items.slice(0, request.query.limit) : items, total: all.length };
    },
  );

  app.get(
    '/api/v1/campaigns/:id/schools/:schoolId',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'One school in the campaign: progress and, pupil by pupil, what is still missing or invalid',
        params: IdSchool,
        response: {
          200: Type.Object({
            campaign: CampaignSchema,
            school: SchoolStateSchema,
            items: Type.Array(
              Type.Object({
                pupilId: Type.String(),
                name: Type.String(),
                class: Type.String(),
                problems: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
              }),
            ),
          }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => service.school(callerOf(request), request.params.id, request.params.schoolId),
  );

  app.post(
    '/api/v1/campaigns/:id/schools/:schoolId/confirm',
    {
      config: { auth: { auth: 'user', action: 'campaign:confirm' } },
      schema: {
        tags,
        summary: 'Confirm that the school’s data is current (only when nothing blocking remains)',
        params: IdSchool,
        response: { 200: SchoolStateSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.confirm(callerOf(request), request.params.id, request.params.schoolId),
  );

  app.get(
    '/api/v1/campaigns/:id/timeline',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'Completion over time (one point per day)',
        params: Id,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                day: Type.String(),
                schools: Type.Integer(),
                schoolsComplete: Type.Integer(),
                schoolsConfirmed: Type.Integer(),
                completion: Type.Integer(),
                confirmation: Type.Integer(),
              }),
            ),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => ({ items: await service.timeline(callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/v1/campaigns/:id/map',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'Completion per region with its KATOTTH code, for the oblast tile map',
        params: Id,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                regionId: Type.String(),
                katottg: Type.Union([Type.String(), Type.Null()]),
                name: Type.String(),
                completion: Type.Integer(),
                confirmation: Type.Integer(),
                schools: Type.Integer(),
              }),
            ),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => ({ items: await service.map(callerOf(request), request.params.id) }),
  );

  app.get(
    '/api/v1/campaigns/:id/export.xlsx',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'The schools of the campaign in my scope as XLSX',
        params: Id,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const buf = await service.exportXlsx(callerOf(request), request.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="campaign-${request.params.id}.xlsx"`)
        .send(buf);
    },
  );

  app.post(
    '/api/v1/campaigns/:id/remind',
    {
      config: anyUser,
      schema: {
        tags,
        summary: 'Remind the schools (of my scope) that have not confirmed: in-app and e-mail',
        params: Id,
        body: Type.Object(
          { schoolIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ schools: Type.Integer(), emails: Type.Integer(), smtp: Type.Boolean() }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => service.remind(callerOf(request), request.params.id, request.body.schoolIds),
  );

  const NotificationSchema = Type.Object({
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    link: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    read: Type.Boolean(),
  });
  app.get(
    '/api/v1/notifications',
    {
      config: anyUser,
      schema: {
        tags: ['Сповіщення'],
        summary: 'Notifications to my organisation',
        response: {
          200: Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const actor = userOf(request);
      const rows = await ctx.db.scoped(scopeOf(actor), (trx) =>
        notifications.forOrganisation(trx, actor.organisationId, 100),
      );
      return {
        items: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.created_at.toISOString(),
          read: n.read_at !== null,
        })),
        unread: rows.filter((n) => n.read_at === null).length,
      };
    },
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: anyUser,
      schema: {
        tags: ['Сповіщення'],
        summary: 'Mark a notification as read',
        params: Id,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const actor = userOf(request);
      const ok = await ctx.db.scoped(scopeOf(actor), (trx) =>
        notifications.markRead(trx, request.params.id, actor.organisationId, actor.userId, ctx.now()),
      );
      if (!ok) throw new AppError('NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/outbox',
    {
      config: { auth: { auth: 'user', action: 'user:manage' } },
      schema: {
        tags: ['Сповіщення'],
        summary: 'E-mail messages of my scope (without SMTP they stay here, unsent)',
        response: {
          200: Type.Object({
            smtp: Type.Boolean(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                to: Type.String(),
                subject: Type.String(),
                body: Type.String(),
                createdAt: Type.String(),
                sentAt: Type.Union([Type.String(), Type.Null()]),
                error: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const rows = await ctx.db.scoped(scopeOf(callerOf(request).actor), (trx) => notifications.outbox(trx, 200));
      return {
        smtp: !!ctx.config.smtpUrl,
        items: rows.map((m) => ({
          id: m.id,
          to: m.to_address,
          subject: m.subject,
          body: m.body,
          createdAt: m.created_at.toISOString(),
          sentAt: m.sent_at?.toISOString() ?? null,
          error: m.error,
        })),
      };
    },
  );
}
