import type { FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { callerOf } from '../auth/guard';
import type { PoolRow } from './repository';
import { MigrationReportService, XLSX_TYPE } from './reports';
import type { PoolEntrySchema } from './schemas';
import {
  ArrivalBody,
  ArrivalSchema,
  CandidateBody,
  CandidateSchema,
  CaseEventBody,
  CaseSchema,
  EnrolmentParams,
  MigrationReportSchema,
  PendingArrivalSchema,
  PoolQuery,
  PoolSchema,
  ReportQuery,
  SchoolParams,
  TransferSchema,
} from './schemas';
import { TransferService } from './service';

function presentPoolEntry(r: PoolRow & { school_days: number }): Static<typeof PoolEntrySchema> {
  return {
    enrolmentId: r.enrolment_id,
    personId: r.person_id,
    pupil: {
      lastName: r.last_name,
      firstName: r.first_name,
      middleName: r.middle_name,
      sex: r.sex,
      birthDate: r.birth_date,
    },
    grade: r.grade,
    classLetter: r.class_letter,
    exitDate: r.exit_date,
    exitReason: r.exit_reason,
    schoolDays: r.school_days,
    destination: {
      school: r.destination_school_id
        ? { id: r.destination_school_id, name: r.destination_school_name, edrpou: r.destination_school_edrpou }
        : null,
      country: r.destination_country,
    },
    school: { id: r.school_id, name: r.school_name, edrpou: r.school_edrpou },
    residence: {
      territory:
        r.residence_territory_code && r.residence_territory_name
          ? { code: r.residence_territory_code, name: r.residence_territory_name }
          : null,
      ouo: r.residence_ouo_id ? { id: r.residence_ouo_id, name: r.residence_ouo_name } : null,
    },
    case: {
      status: r.case_status,
      reason: r.case_reason,
      at: r.case_at ? new Date(r.case_at).toISOString() : null,
      notes: r.notes,
    },
  };
}

export async function registerTransferRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new TransferService(ctx);
  const reports = new MigrationReportService(ctx);
  const tags = ['Переведення між закладами'];

  app.get(
    '/api/v1/schools/:schoolId/arrivals',
    {
      config: { auth: { auth: 'any', action: 'pupil:write' } },
      schema: {
        tags,
        summary: 'Expected arrivals: pupils another school sent here (what confirms the match, nothing more)',
        params: SchoolParams,
        response: { 200: Type.Object({ items: Type.Array(PendingArrivalSchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await service.pendingArrivals(callerOf(request), request.params.schoolId)).map((r) => ({
        transferId: r.transfer_id,
        pupil: {
          lastName: r.last_name,
          firstName: r.first_name,
          middleName: r.middle_name,
          sex: r.sex,
          birthDate: r.birth_date,
        },
        grade: r.grade,
        classLetter: r.class_letter,
        exitDate: r.exit_date,
        exitReason: r.exit_reason,
        from: { id: r.from_school_id, name: r.from_school_name, edrpou: r.from_school_edrpou },
        hasIdentifiers: r.has_identifiers,
        since: new Date(r.created_at).toISOString(),
      })),
    }),
  );

  app.post(
    '/api/v1/schools/:schoolId/arrivals/candidates',
    {
      config: { auth: { auth: 'any', action: 'pupil:write' } },
      schema: {
        tags,
        summary: 'Find a pupil who left a school and is enrolled nowhere, by the documents the parents brought',
        params: SchoolParams,
        body: CandidateBody,
        response: { 200: Type.Object({ items: Type.Array(CandidateSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await service.candidates(callerOf(request), request.params.schoolId, request.body)).map((r) => ({
        personId: r.person_id,
        pupil: {
          lastName: r.last_name,
          firstName: r.first_name,
          middleName: r.middle_name,
          sex: r.sex,
          birthDate: r.birth_date,
        },
        lastSchool: { id: r.school_id, name: r.school_name, edrpou: r.school_edrpou },
        grade: r.grade,
        classLetter: r.class_letter,
        exitDate: r.exit_date,
        exitReason: r.exit_reason,
        match: r.match as 'identifier',
      })),
    }),
  );

  app.post(
    '/api/v1/schools/:schoolId/arrivals',
    {
      config: { auth: { auth: 'any', action: 'pupil:write' } },
      schema: {
        tags,
        summary: 'Enrol an arriving pupil: the record is handed over and the spells linked',
        params: SchoolParams,
        body: ArrivalBody,
        response: { 201: ArrivalSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const r = await service.arrive(
        caller,
        request.params.schoolId,
        request.body,
        caller.actor.kind === 'platform' ? 'platform' : 'portal',
      );
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/api/v1/schools/:schoolId/transfers',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: "A school's transfers out (pupils it sent) or in (pupils it received)",
        params: SchoolParams,
        querystring: Type.Object({ direction: Type.Enum(['in', 'out'], { default: 'out' }) }),
        response: { 200: Type.Object({ items: Type.Array(TransferSchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await service.transfers(callerOf(request), request.params.schoolId, request.query.direction)).map(
        (t) => ({
          id: t.id,
          status: t.status as 'pending',
          pupil:
            t.last_name && t.first_name
              ? { personId: t.person_id, lastName: t.last_name, firstName: t.first_name }
              : null,
          from: { id: t.from_school_id, name: t.from_school_name, edrpou: null },
          to: t.to_school_id ? { id: t.to_school_id, name: t.to_school_name, edrpou: null } : null,
          exitDate: t.exit_date,
          exitReason: t.exit_reason,
          arrivedOn: t.arrived_on,
          createdAt: new Date(t.created_at).toISOString(),
        }),
      ),
    }),
  );

  app.get(
    '/api/v1/transit',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags: ['Вибулі й ніде не навчаються'],
        summary: 'The in-transit pool: pupils who left a school and are enrolled nowhere after N school days',
        querystring: PoolQuery,
        response: { 200: PoolSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const r = await service.pool(callerOf(request), request.query);
      return { days: r.days, cutoff: r.cutoff, items: r.items.map(presentPoolEntry), nextCursor: r.nextCursor };
    },
  );

  app.get(
    '/api/v1/transit/:enrolmentId',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags: ['Вибулі й ніде не навчаються'],
        summary: 'One case of the pool with its history',
        params: EnrolmentParams,
        response: { 200: CaseSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const c = await service.case(callerOf(request), request.params.enrolmentId);
      return {
        entry: presentPoolEntry(c.entry),
        inTransit: c.inTransit,
        transfer: c.transfer
          ? { id: c.transfer.id, toSchoolId: c.transfer.to_school_id, status: c.transfer.status }
          : null,
        events: c.events.map((e) => ({
          id: e.id,
          kind: e.kind as 'note',
          reason: e.reason,
          note: e.note,
          at: new Date(e.at).toISOString(),
          by: e.by_name,
        })),
      };
    },
  );

  app.post(
    '/api/v1/transit/:enrolmentId/events',
    {
      config: { auth: { auth: 'user' } },
      schema: {
        tags: ['Вибулі й ніде не навчаються'],
        summary: 'Follow-up of a case: a note, closing it with a reason, or reopening it',
        params: EnrolmentParams,
        body: CaseEventBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await service.addCaseEvent(callerOf(request), request.params.enrolmentId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/reports/migration',
    {
      config: { auth: { auth: 'user', action: 'aggregate:read' } },
      schema: {
        tags: ['Звіти'],
        summary: 'Migration of pupils in scope: flows between hromadas and regions, IDPs, leaving abroad',
        querystring: ReportQuery,
        response: { 200: MigrationReportSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => reports.report(callerOf(request), request.query),
  );

  app.get(
    '/api/v1/reports/migration.xlsx',
    {
      config: { auth: { auth: 'user', action: 'aggregate:read' } },
      schema: {
        tags: ['Звіти'],
        summary: 'The migration report as an XLSX workbook',
        querystring: ReportQuery,
        produces: [XLSX_TYPE],
        response: {
          200: Type.String({ format: 'binary', description: 'XLSX workbook' }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const f = await reports.workbook(callerOf(request), request.query);
      // A file, not JSON: sent as bytes past the response schema's serialiser.
      return (reply as FastifyReply)
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.file);
    },
  );
}
