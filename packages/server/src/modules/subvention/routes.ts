import { bandLabels, CLASS_SIZE_TABLE_SOURCE, KNOWN_CLASS_SIZE_TABLE } from '@aikom/domain/subvention/class-size-table';
import { SubventionParametersSchema } from '@aikom/domain/subvention/parameters';
import { OBLAST_TILES, TILE_GRID } from '@aikom/domain/subvention/tile-map';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { requireIfMatch, setEtag } from '../../http/etag';
import { problemResponses } from '../../http/schemas';
import { JobSchema } from '../../jobs/routes';
import { callerOf } from '../auth/guard';
import { XLSX_TYPE } from './export';
import {
  ComparisonSchema,
  MovementQuery,
  ParameterSetCreateBody,
  ParameterSetSchema,
  ParameterSetSummarySchema,
  ParameterSetUpdateBody,
  RedistributionQuery,
  RedistributionSchema,
  RunCreateBody,
  RunDetailSchema,
  RunExplanationSchema,
  RunSchema,
  ScenarioCreateBody,
  ScenarioExplanationSchema,
  ScenarioPatchBody,
  ScenarioPreviewBody,
  ScenarioSchema,
  SetId,
  SortQuery,
  TraceQuery,
  TraceSchema,
} from './schemas';
import { SubventionService } from './service';

const READ = { auth: { auth: 'user' as const, action: 'subvention:read' as const } };
const MANAGE = { auth: { auth: 'user' as const, action: 'subvention:manage' as const } };
const Uuid = Type.String({ format: 'uuid' });
const Code = Type.String({ pattern: '^UA[0-9]{17}$' });
const Year = Type.Integer({ minimum: 2018, maximum: 2100 });

function download(reply: FastifyReply, file: { file: Buffer; fileName: string }) {
  return reply
    .type(XLSX_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(file.file);
}

/**
 * The education subvention under /api/v1/subvention: parameter sets, allocation runs and their explanations,
 * scenarios, redistribution and traces. Thin: every rule is in the service.
 */
export async function registerSubventionRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new SubventionService(ctx);
  const tags = ['Освітня субвенція'];
  const base = '/api/v1/subvention';

  app.get(
    `${base}/class-size-table`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The normative class-size table of the formula (density × rural share), as published',
        response: {
          200: Type.Object({
            table: Type.Unknown(),
            labels: Type.Object({ density: Type.Array(Type.String()), rural: Type.Array(Type.String()) }),
            source: Type.String(),
            verified: Type.Boolean(),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({
      table: KNOWN_CLASS_SIZE_TABLE,
      labels: bandLabels(KNOWN_CLASS_SIZE_TABLE),
      source: CLASS_SIZE_TABLE_SOURCE,
      verified: true,
    }),
  );

  app.get(
    `${base}/parameter-schema`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'JSON Schema of a parameter set (every value with source and verified flag)',
        response: { 200: Type.Unknown(), ...problemResponses(401, 403) },
      },
    },
    async () => SubventionParametersSchema,
  );

  app.get(
    `${base}/tile-map`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The oblast tile map layout (27 squares)',
        response: {
          200: Type.Object({
            columns: Type.Integer(),
            rows: Type.Integer(),
            tiles: Type.Array(
              Type.Object({ code: Type.String(), short: Type.String(), col: Type.Integer(), row: Type.Integer() }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({ ...TILE_GRID, tiles: [...OBLAST_TILES] }),
  );

  app.get(
    `${base}/parameter-sets`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Parameter sets (the default set of the year is created when first asked for)',
        querystring: Type.Object({ budgetYear: Type.Optional(Year) }),
        response: { 200: Type.Object({ items: Type.Array(ParameterSetSummarySchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: await service.listSets(callerOf(request), request.query.budgetYear) }),
  );

  app.get(
    `${base}/parameter-sets/:id`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'A parameter set: its latest (or a given) version, every value with source and flag, its history',
        params: Type.Object({ id: SetId }),
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: ParameterSetSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const set = await service.getSet(callerOf(request), request.params.id, request.query.version);
      setEtag(reply, set.latestVersion);
      return set;
    },
  );

  app.post(
    `${base}/parameter-sets`,
    {
      config: MANAGE,
      schema: {
        tags,
        summary: 'Create a parameter set for a budget year (from the default, a copy of another, or given values)',
        body: ParameterSetCreateBody,
        response: { 201: ParameterSetSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const set = await service.createSet(callerOf(request), request.body);
      setEtag(reply, set.latestVersion);
      return reply.status(201).send(set);
    },
  );

  app.put(
    `${base}/parameter-sets/:id`,
    {
      config: MANAGE,
      schema: {
        tags,
        summary: 'Save a new version of a parameter set (If-Match: the latest version); earlier versions are kept',
        params: Type.Object({ id: SetId }),
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: ParameterSetUpdateBody,
        response: { 200: ParameterSetSchema, ...problemResponses(400, 401, 403, 404, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const set = await service.updateSet(callerOf(request), request.params.id, request.body, requireIfMatch(request));
      setEtag(reply, set.latestVersion);
      return set;
    },
  );

  app.post(
    `${base}/runs`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Run an allocation of a parameter set over the registry as of a date (a job; poll the job or the run)',
        body: RunCreateBody,
        response: {
          202: Type.Object({ run: RunSchema, job: JobSchema }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => reply.status(202).send(await service.startRun(callerOf(request), request.body)),
  );

  app.get(
    `${base}/runs`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Allocation runs, newest first',
        querystring: Type.Object({
          budgetYear: Type.Optional(Year),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({
      items: await service.listRuns(callerOf(request), request.query.budgetYear, request.query.limit),
    }),
  );

  app.get(
    `${base}/runs/:id`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'A run: every budget with its amount (sortable), and the oblast tile map',
        params: Type.Object({ id: Uuid }),
        querystring: SortQuery,
        response: { 200: RunDetailSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getRun(callerOf(request), request.params.id, request.query),
  );

  app.get(
    `${base}/runs/:id/budgets/:code`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The explanation of one budget: every input, every step of the formula, the result',
        params: Type.Object({ id: Uuid, code: Code }),
        response: { 200: RunExplanationSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.explainRunBudget(callerOf(request), request.params.id, request.params.code),
  );

  app.get(
    `${base}/runs/:id/budgets/:code/pupils`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The pupils behind an input of a budget (a school, a group, a level, an adjustment), in my scope',
        params: Type.Object({ id: Uuid, code: Code }),
        querystring: TraceQuery,
        response: { 200: TraceSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.tracePupils(callerOf(request), request.params.id, request.params.code, request.query),
  );

  app.get(
    `${base}/runs/:id/export.xlsx`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The run as a spreadsheet: allocation, inputs, parameters with sources, class-size table',
        params: Type.Object({ id: Uuid }),
        produces: [XLSX_TYPE],
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => download(reply, await service.exportRun(callerOf(request), request.params.id)),
  );

  app.post(
    `${base}/scenarios/preview`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Compute a scenario against its baseline without saving it (deltas, chart, tile map)',
        querystring: SortQuery,
        body: ScenarioPreviewBody,
        response: { 200: ComparisonSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => service.previewScenario(callerOf(request), request.body, request.query),
  );

  app.post(
    `${base}/scenarios`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Save a scenario (a draft of its author, or shared with every reader of the subvention)',
        body: ScenarioCreateBody,
        response: { 201: ScenarioSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createScenario(callerOf(request), request.body)),
  );

  app.get(
    `${base}/scenarios`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'My scenarios and the shared ones, newest first',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Object({ items: Type.Array(ScenarioSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: await service.listScenarios(callerOf(request), request.query.limit) }),
  );

  app.get(
    `${base}/scenarios/:id`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'A scenario',
        params: Type.Object({ id: Uuid }),
        response: { 200: ScenarioSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.getScenario(callerOf(request), request.params.id),
  );

  app.patch(
    `${base}/scenarios/:id`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'Rename, describe or share a scenario (its author only; the definition never changes)',
        params: Type.Object({ id: Uuid }),
        body: ScenarioPatchBody,
        response: { 200: ScenarioSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateScenario(callerOf(request), request.params.id, request.body),
  );

  app.get(
    `${base}/scenarios/:id/comparison`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'A saved scenario against its baseline on today’s data: deltas (sortable), chart, oblast tile map',
        params: Type.Object({ id: Uuid }),
        querystring: SortQuery,
        response: { 200: ComparisonSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => service.compareScenario(callerOf(request), request.params.id, request.query),
  );

  app.get(
    `${base}/scenarios/:id/budgets/:code`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'One budget explained under the baseline and under the scenario',
        params: Type.Object({ id: Uuid, code: Code }),
        response: { 200: ScenarioExplanationSchema, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => service.explainScenarioBudget(callerOf(request), request.params.id, request.params.code),
  );

  app.get(
    `${base}/scenarios/:id/export.xlsx`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'A scenario comparison as a spreadsheet',
        params: Type.Object({ id: Uuid }),
        produces: [XLSX_TYPE],
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => download(reply, await service.exportScenario(callerOf(request), request.params.id)),
  );

  app.get(
    `${base}/redistribution`,
    {
      config: READ,
      schema: {
        tags,
        summary:
          'The allocation at a snapshot (a date or a saved run) against now: who gains, who loses, and the pupil movements between budgets',
        querystring: RedistributionQuery,
        response: { 200: RedistributionSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.redistribution(callerOf(request), request.query),
  );

  app.get(
    `${base}/redistribution/pupils`,
    {
      config: READ,
      schema: {
        tags,
        summary: 'The pupils behind one movement between budgets (in my scope)',
        querystring: MovementQuery,
        response: { 200: TraceSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => service.traceMovements(callerOf(request), request.query),
  );
}
