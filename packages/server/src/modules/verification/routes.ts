import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { readUploadedFile } from '../../http/upload';
import { typeboxValidatorCompiler } from '../../http/validation';
import { callerOf } from '../auth/guard';
import {
  AssignBody,
  CaseDetailSchema,
  CasesQuery,
  CaseSummarySchema,
  DashboardSchema,
  DecisionBody,
  DetectionBody,
  DetectionSchema,
  ExtractKindSchema,
  HandOverBody,
  IdParams,
  LinkBody,
  LinkParams,
  MoveBody,
  NoteBody,
  PairDetailSchema,
  PairSchema,
  QueuedSchema,
  ReviewQuery,
  SnapshotSchema,
  UploadBody,
  UploadQuery,
} from './schemas';
import { VerificationService } from './service';

/** The upload body is multipart: the schema documents it, the handler reads it. */
const documentedBody: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : typeboxValidatorCompiler(route);

/**
 * Verification against state registries (issue 10): extracts, linkage and review for the ministry's verification
 * officer; the cases of potentially missing children for the officer and the ОУО they are handed to.
 */
export async function registerVerificationRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new VerificationService(ctx);
  const tags = ['Верифікація за державними реєстрами'];
  const caseTags = ['Потенційно зниклі діти'];
  const manage = { auth: { auth: 'user' as const, action: 'verification:manage' as const } };
  const cases = { auth: { auth: 'user' as const, action: 'verification:case' as const } };

  await app.register(async (scope) => {
    const child = scope.withTypeProvider<TypeBoxTypeProvider>();
    await child.register(multipart, {
      limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
    });
    child.post(
      '/api/v1/verification/extracts',
      {
        config: manage,
        validatorCompiler: documentedBody,
        schema: {
          tags,
          summary: 'Upload a registry extract (CSV): a new version of its kind, imported and then linked by jobs',
          consumes: ['multipart/form-data'],
          querystring: UploadQuery,
          body: UploadBody,
          response: { 202: QueuedSchema, ...problemResponses(400, 401, 403, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { name, bytes } = await readUploadedFile(request, 'extract.csv');
        return reply.status(202).send(await service.upload(callerOf(request), request.query, { name, bytes }));
      },
    );
  });

  app.get(
    '/api/v1/verification/extracts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Versions of the extracts, newest first, with provenance, counts and their linkage runs',
        querystring: Type.Object({ kind: Type.Optional(ExtractKindSchema) }),
        response: { 200: Type.Object({ items: Type.Array(SnapshotSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: await service.snapshots(callerOf(request), request.query.kind) }),
  );

  app.get(
    '/api/v1/verification/extracts/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'One version of an extract: rejected rows, normalisation notes, linkage runs with their models',
        params: IdParams,
        response: { 200: SnapshotSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.snapshot(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/verification/extracts/:id/link',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Link a version again (e.g. with other thresholds); reviewers’ decisions are applied',
        params: IdParams,
        body: LinkBody,
        response: { 202: QueuedSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.requestLink(callerOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/verification/pairs',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Pairs side by side: the review queue (status=review, default), or linked / rejected ones (audited)',
        querystring: ReviewQuery,
        response: {
          200: Type.Object({ items: Type.Array(PairSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.pairs(callerOf(request), request.query),
  );

  app.get(
    '/api/v1/verification/pairs/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'One pair side by side, field by field, with the history of decisions about it (audited)',
        params: LinkParams,
        response: { 200: PairDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.pair(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/verification/pairs/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Decide a pair: match (link) or non_match (unlink); kept and applied to later versions too',
        params: LinkParams,
        body: DecisionBody,
        response: {
          200: Type.Object({ linkId: Type.Integer(), status: Type.String(), decision: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => service.decide(callerOf(request), request.params.id, request.body.decision, request.body.note),
  );

  app.delete(
    '/api/v1/verification/pairs/:id/decision',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Withdraw the decision on a pair: the model decides it again (the withdrawal is kept in the history)',
        params: LinkParams,
        response: {
          200: Type.Object({ linkId: Type.Integer(), status: Type.String(), decision: Type.String() }),
          ...problemResponses(401, 403, 404, 409),
        },
      },
    },
    async (request) => service.decide(callerOf(request), request.params.id, 'withdrawn', undefined),
  );

  app.post(
    '/api/v1/verification/detections',
    {
      config: manage,
      schema: {
        tags: caseTags,
        summary: 'Detect potentially missing children from the current extracts and the registry (a job)',
        body: DetectionBody,
        response: { 202: QueuedSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(202).send(await service.requestDetection(callerOf(request), request.body)),
  );

  app.get(
    '/api/v1/verification/detections/:id',
    {
      config: manage,
      schema: {
        tags: caseTags,
        summary: 'A detection: its parameters and what it found',
        params: IdParams,
        response: { 200: DetectionSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.detection(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/verification/cases/handover',
    {
      config: manage,
      schema: {
        tags: caseTags,
        summary: 'Hand cases to the ОУО of the children’s residence: all of a detection, or the listed ones',
        body: HandOverBody,
        response: { 200: Type.Object({ handedOver: Type.Integer() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => service.handOver(callerOf(request), request.body),
  );

  app.get(
    '/api/v1/verification/cases',
    {
      config: cases,
      schema: {
        tags: caseTags,
        summary: 'Cases of potentially missing children (the officer: all; an ОУО: those handed to it; audited)',
        querystring: CasesQuery,
        response: {
          200: Type.Object({
            items: Type.Array(CaseSummarySchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.cases(callerOf(request), request.query),
  );

  app.get(
    '/api/v1/verification/cases/:id',
    {
      config: cases,
      schema: {
        tags: caseTags,
        summary: 'A case: the child, identifiers, reasons, evidence, allowed statuses and history (audited)',
        params: IdParams,
        response: { 200: CaseDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => service.caseDetail(callerOf(request), request.params.id),
  );

  app.post(
    '/api/v1/verification/cases/:id/status',
    {
      config: cases,
      schema: {
        tags: caseTags,
        summary: 'Move a case: in_work, found_enrolled, abroad, deceased, not_found → escalated (a note for outcomes)',
        params: IdParams,
        body: MoveBody,
        response: {
          200: Type.Object({
            id: Type.String(),
            status: Type.Object({ code: Type.String(), label: Type.String() }),
            version: Type.Integer(),
          }),
          ...problemResponses(400, 401, 403, 404, 409, 412, 422),
        },
      },
    },
    async (request) => service.moveCase(callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/verification/cases/:id/notes',
    {
      config: cases,
      schema: {
        tags: caseTags,
        summary: 'Add a note to a case’s history',
        params: IdParams,
        body: NoteBody,
        response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addNote(callerOf(request), request.params.id, request.body.note)),
  );

  app.post(
    '/api/v1/verification/cases/:id/assign',
    {
      config: manage,
      schema: {
        tags: caseTags,
        summary: 'Assign a case to an ОУО (and hand it over)',
        params: IdParams,
        body: AssignBody,
        response: {
          200: Type.Object({ id: Type.String(), ouo: Type.Object({ id: Type.String(), name: Type.String() }) }),
          ...problemResponses(400, 401, 403, 404, 412),
        },
      },
    },
    async (request) => service.assign(callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/verification/dashboard',
    {
      config: cases,
      schema: {
        tags: caseTags,
        summary: 'Cases by region and status, chart-ready (the officer: national; an ОУО: its own)',
        response: { 200: DashboardSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => service.dashboard(callerOf(request)),
  );
}
