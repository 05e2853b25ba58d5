import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { callerOf } from '../auth/guard';
import { DashboardService } from './dashboards';
import { contentDisposition, renderReport, type ExportFormat } from './render-report';
import { rollupDocument, znz1Document } from './report-document';
import {
  CellParams,
  DashboardQuery,
  DashboardSchema,
  DrillQuery,
  DrillSchema,
  EnteredBody,
  EnteredSchema,
  OpenDataQuery,
  OuoParams,
  RefreshBody,
  RegionParams,
  ReportQuery,
  RollupDrillQuery,
  RollupSchema,
  SchoolParams,
  Znz1Schema,
  presentLayout,
} from './schemas';
import { ReportService, type RollupReport, type Znz1Report } from './service';

const FORMATS_NOTE =
  ' `format=xlsx|pdf|csv` downloads the report laid out like the form (XLSX, PDF with a Cyrillic font, CSV cells ' +
  'named section.row.col); every export is audited.';

const isFile = (format: string | undefined): format is ExportFormat => !!format && format !== 'json';

/** The report as JSON, with the form's layout for clients that draw it. */
function asJson<T extends Znz1Report | RollupReport>(report: T) {
  return { ...report, layout: presentLayout(report.schoolYearStart) };
}

/** The report as a file laid out like the form. */
async function sendFile(reply: FastifyReply, report: Znz1Report | RollupReport, format: ExportFormat) {
  const doc = report.level === 'school' ? znz1Document(report) : rollupDocument(report);
  const file = await renderReport(doc, format);
  return reply.type(file.contentType).header('content-disposition', contentDisposition(file.fileName)).send(file.body);
}

function presentDrill(d: Awaited<ReturnType<ReportService['drillDown']>>) {
  return {
    cell: d.cell,
    label: d.label,
    asOf: d.asOf,
    value: d.value,
    listedFor: d.listedFor,
    notListed: d.notListed,
    items: d.pupils.map((p) => ({
      id: p.id,
      lastName: p.last_name,
      firstName: p.first_name,
      middleName: p.middle_name,
      sex: p.sex,
      birthDate: p.birth_date,
      grade: p.grade,
      classLetter: p.class_letter,
      entryDate: p.entry_date,
      exitDate: p.exit_date,
      exitReason: p.exit_reason,
    })),
  };
}

function presentEntered(e: {
  schoolId: string;
  schoolYear: number;
  latest: Array<{ cell: string; value: number; entered_at: Date }>;
  history?: Array<{ cell: string; value: number; entered_at: Date; entered_by: string | null }>;
}) {
  return {
    schoolId: e.schoolId,
    schoolYear: `${e.schoolYear}-${e.schoolYear + 1}`,
    cells: Object.fromEntries(
      e.latest.map((x) => [x.cell, { value: x.value, enteredAt: new Date(x.entered_at).toISOString() }]),
    ),
    history: (e.history ?? []).map((h) => ({
      cell: h.cell,
      value: h.value,
      enteredAt: new Date(h.entered_at).toISOString(),
      enteredBy: h.entered_by,
    })),
  };
}

export async function registerReportRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new ReportService(ctx);
  const dashboards = new DashboardService(ctx, service);
  const tags = ['Звіти'];
  const read = { auth: { auth: 'user' as const, action: 'aggregate:read' as const } };

  app.get(
    '/api/v1/reports/znz1/schools/:school',
    {
      config: read,
      schema: {
        tags,
        summary: 'ZNZ-1 of a school as of a date, from its pupil records, with consistency checks',
        description:
          'Every number of form № ЗНЗ-1 (наказ МОН № 868 від 30.07.2021) the records determine, and the cells the ' +
          'school entered (second shift, extended-day groups). `published=true`: the shared variant with small cells ' +
          'suppressed.' +
          FORMATS_NOTE,
        params: SchoolParams,
        querystring: ReportQuery,
        response: { 200: Znz1Schema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await service.znz1(callerOf(request), request.params.school, q);
      return isFile(q.format) ? sendFile(reply, report, q.format) : asJson(report);
    },
  );

  app.get(
    '/api/v1/reports/znz1/schools/:school/cells/:cell/pupils',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'The pupils behind a number of a school’s ZNZ-1 (drill-down; audited as a pupil list)',
        params: CellParams,
        querystring: DrillQuery,
        response: { 200: DrillSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      presentDrill(
        await service.drillDown(callerOf(request), request.params.school, request.params.cell, request.query.date),
      ),
  );

  app.get(
    '/api/v1/reports/znz1/schools/:school/entered',
    {
      config: read,
      schema: {
        tags,
        summary: 'Cells of ZNZ-1 the school entered for a school year (current values and every entry)',
        params: SchoolParams,
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: EnteredSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      presentEntered(await service.entered(callerOf(request), request.params.school, request.query.year)),
  );

  app.put(
    '/api/v1/reports/znz1/schools/:school/entered',
    {
      config: { auth: { auth: 'user', action: 'report:enter' } },
      schema: {
        tags,
        summary: 'Enter the cells the records cannot determine (sections 8 and 9); earlier entries are kept',
        params: SchoolParams,
        body: EnteredBody,
        response: { 200: EnteredSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => presentEntered(await service.enter(callerOf(request), request.params.school, request.body)),
  );

  app.get(
    '/api/v1/reports/rvk76/ouos/:ouo',
    {
      config: read,
      schema: {
        tags,
        summary: '76-РВК of an ОУО: the sums of its schools’ ZNZ-1, the schools, the checks',
        description: 'Schools whose numbers are missing or out of date are rebuilt first.' + FORMATS_NOTE,
        params: OuoParams,
        querystring: ReportQuery,
        response: { 200: RollupSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await service.rollup(callerOf(request), 'ouo', request.params.ouo, q);
      return isFile(q.format) ? sendFile(reply, report, q.format) : asJson(report);
    },
  );

  app.get(
    '/api/v1/reports/rollup/regions/:region',
    {
      config: read,
      schema: {
        tags,
        summary: 'The ZNZ-1 tables of a region (sum of its ОУО), from the built roll-up',
        description: 'Reads what the refresh job built (POST /api/v1/reports/snapshots).' + FORMATS_NOTE,
        params: RegionParams,
        querystring: ReportQuery,
        response: { 200: RollupSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await service.rollup(callerOf(request), 'region', request.params.region, q);
      return isFile(q.format) ? sendFile(reply, report, q.format) : asJson(report);
    },
  );

  app.get(
    '/api/v1/reports/rollup/nation',
    {
      config: read,
      schema: {
        tags,
        summary: 'The ZNZ-1 tables of the nation (sum of ≈ 1.5 k ОУО), from the built roll-up',
        description: 'Reads what the refresh job built (POST /api/v1/reports/snapshots).' + FORMATS_NOTE,
        querystring: ReportQuery,
        response: { 200: RollupSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await service.rollup(callerOf(request), 'nation', undefined, q);
      return isFile(q.format) ? sendFile(reply, report, q.format) : asJson(report);
    },
  );

  app.get(
    '/api/v1/reports/rollup/cells/:cell/schools',
    {
      config: read,
      schema: {
        tags,
        summary: 'The schools behind a number of a roll-up (drill-down one level)',
        params: Type.Object({ cell: CellParams.properties.cell }),
        querystring: RollupDrillQuery,
        response: {
          200: Type.Object({
            cell: Type.String(),
            asOf: Type.String(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                edrpou: Type.Union([Type.String(), Type.Null()]),
                ouoId: Type.String(),
                value: Type.Integer(),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await service.rollupDrillDown(callerOf(request), q.level, q.id, request.params.cell, q.date);
      return {
        cell: r.cell,
        asOf: r.asOf,
        items: r.schools.map((s) => ({
          id: s.school_id,
          name: s.name,
          edrpou: s.edrpou,
          ouoId: s.ouo_id,
          value: s.value,
        })),
      };
    },
  );

  app.get(
    '/api/v1/reports/snapshots',
    {
      config: read,
      schema: {
        tags,
        summary: 'Report dates with built roll-ups',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                asOf: Type.String({ format: 'date' }),
                schoolYear: Type.String(),
                refreshedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({
      items: (await service.snapshots(callerOf(request))).map((s) => ({
        asOf: s.as_of,
        schoolYear: `${s.school_year}-${s.school_year + 1}`,
        refreshedAt: new Date(s.refreshed_at).toISOString(),
      })),
    }),
  );

  app.post(
    '/api/v1/reports/snapshots',
    {
      config: read,
      schema: {
        tags,
        summary: 'Build (refresh) the roll-ups of my scope for a date, as a job',
        body: RefreshBody,
        response: {
          202: Type.Object({ jobId: Type.String({ format: 'uuid' }) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send({ jobId: await service.requestRefresh(callerOf(request), request.body) }),
  );

  app.get(
    '/api/v1/reports/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: 'Dashboard of a school, an ОУО, a region or the nation: chart-ready series with their tables',
        description:
          'Pupils by grade and by form of education, displacement (internal by origin, external by country), lost ' +
          'contact, data quality, trend across school years; for the nation a tile map of the 27 regions. ' +
          '`published=true` suppresses small cells.',
        querystring: DashboardQuery,
        response: { 200: DashboardSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const q = request.query;
      return dashboards.dashboard(callerOf(request), q.level, q.id, q);
    },
  );

  app.get(
    '/api/v1/open-data/znz1',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags: ['Відкриті дані'],
        summary: 'Open data: the published ZNZ-1 tables of the nation or a region (small cells suppressed)',
        description: 'From the built roll-up of the date.' + FORMATS_NOTE,
        querystring: OpenDataQuery,
        response: { 200: RollupSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await dashboards.openData(q, 'report');
      return isFile(q.format) ? sendFile(reply, report, q.format) : asJson(report);
    },
  );

  app.get(
    '/api/v1/open-data/dashboard',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags: ['Відкриті дані'],
        summary: 'Open data: the published dashboard of the nation or a region (small cells suppressed)',
        querystring: Type.Object({ date: OpenDataQuery.properties.date, region: OpenDataQuery.properties.region }),
        response: { 200: DashboardSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => dashboards.openData(request.query, 'dashboard'),
  );
}
