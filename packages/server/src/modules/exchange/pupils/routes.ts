import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { setEtag } from '../../../http/etag';
import { problemResponses } from '../../../http/schemas';
import { typeboxValidatorCompiler } from '../../../http/validation';
import { AppError } from '../../../errors';
import { callerOf } from '../../auth/guard';
import { PupilRecordSchema } from '../../pupils/schemas';
import { PLATFORM_RATE_LIMIT } from '../rate-limit';
import {
  BATCH_MAX_ASYNC,
  BATCH_MAX_SYNC,
  BatchAcceptedSchema,
  BatchBody,
  BatchQuery,
  BatchResultSchema,
  EdrpouParams,
  ExitBody,
  PlatformPupilSchema,
  PlatformSchoolSchema,
  PupilParams,
  RecordsQuery,
  SavedPupilSchema,
} from './schemas';
import { ExchangePupilService } from './service';

/** The exchange record in a PUT body is checked by the validation catalogue (stable rule codes), as in the portal. */
const catalogueBody: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : typeboxValidatorCompiler(route);

/** If-Match: "7" → 7; If-None-Match: * → create only (RFC 9110 § 13.1). */
function conditions(request: FastifyRequest): { ifMatch?: number; createOnly?: boolean } {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const out: { ifMatch?: number; createOnly?: boolean } = {};
  if (typeof ifMatch === 'string' && ifMatch.trim() !== '') {
    const m = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
    if (!m)
      throw new AppError('BAD_REQUEST', { detail: 'If-Match має містити ETag, отриманий з відповіді, напр. "3".' });
    out.ifMatch = Number(m[1]);
  }
  if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() === '*') out.createOnly = true;
  return out;
}

const idempotencyKey = (request: FastifyRequest): string | undefined => {
  const v = request.headers['idempotency-key'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(v))
    throw new AppError('BAD_REQUEST', { detail: 'Idempotency-Key: 1–255 друкованих символів ASCII (напр. UUID).' });
  return v;
};

/** The platform pupil API (ОІС): schools, records, upserts, batches, exits. */
export async function registerExchangePupilRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new ExchangePupilService(ctx);
  const tags = ['Обмін з ОІС: учні'];
  const rateLimit = PLATFORM_RATE_LIMIT;

  app.get(
    '/api/v1/schools',
    {
      config: { auth: { auth: 'platform', action: 'organisation:read' }, rateLimit },
      schema: {
        tags,
        summary: 'The schools that chose the calling platform (and whose ОУО approved)',
        response: { 200: Type.Object({ items: Type.Array(PlatformSchoolSchema) }), ...problemResponses(401, 403, 429) },
      },
    },
    async (request) => ({ items: await service.schools(callerOf(request)) }),
  );

  app.get(
    '/api/v1/schools/:edrpou/records',
    {
      config: { auth: { auth: 'platform', action: 'pupil:read', scope: 'pupils:read' }, rateLimit },
      schema: {
        tags,
        summary: 'The pupils enrolled at a school now, with their records (full resynchronisation)',
        params: EdrpouParams,
        querystring: RecordsQuery,
        response: {
          200: Type.Object({
            items: Type.Array(PlatformPupilSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => service.list(callerOf(request), request.params.edrpou, request.query),
  );

  app.get(
    '/api/v1/schools/:edrpou/pupils/:externalId',
    {
      config: { auth: { auth: 'platform', action: 'pupil:read', scope: 'pupils:read' }, rateLimit },
      schema: {
        tags,
        summary: "One pupil by the platform's id (ETag = version)",
        params: PupilParams,
        response: { 200: PlatformPupilSchema, ...problemResponses(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const p = await service.get(callerOf(request), request.params.edrpou, request.params.externalId);
      setEtag(reply, p.version);
      return p;
    },
  );

  app.put(
    '/api/v1/schools/:edrpou/pupils/:externalId',
    {
      config: { auth: { auth: 'platform', action: 'pupil:write', scope: 'pupils:write' }, rateLimit },
      validatorCompiler: catalogueBody,
      schema: {
        tags,
        summary: "Create or update one pupil by the platform's id (enrol by upsert)",
        description:
          'The registry links the record to the child it already holds when identifiers (or name and birth date) ' +
          'match, so a child stays one person across platforms. `If-Match: "<version>"` makes the write ' +
          'conditional; `If-None-Match: *` creates only. 201 when created, 200 when updated or unchanged.',
        params: PupilParams,
        body: PupilRecordSchema,
        response: {
          200: SavedPupilSchema,
          201: SavedPupilSchema,
          ...problemResponses(400, 401, 403, 404, 409, 412, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { edrpou, externalId } = request.params;
      const r = await service.upsert(callerOf(request), edrpou, externalId, request.body, conditions(request));
      setEtag(reply, r.version);
      reply.header('location', `/api/v1/schools/${edrpou}/pupils/${encodeURIComponent(externalId)}`);
      return reply.status(r.status === 'created' ? 201 : 200).send({
        pupilId: r.pupilId,
        externalId,
        status: r.status,
        version: r.version,
        linked: r.linked,
        warnings: r.warnings,
      });
    },
  );

  app.post(
    '/api/v1/schools/:edrpou/pupils::batch',
    {
      bodyLimit: 64 * 1024 * 1024,
      config: { auth: { auth: 'platform', action: 'pupil:write', scope: 'pupils:write' }, rateLimit },
      schema: {
        tags,
        summary: `Upsert up to ${BATCH_MAX_SYNC} pupils at once (per-record results); up to ${BATCH_MAX_ASYNC} as a job`,
        description:
          'Requires `Idempotency-Key`: a retry with the same key and body replays the first answer ' +
          '(`Idempotent-Replayed: true`); the same key with another body is refused (422). Each record needs its ' +
          '`externalId`. Records are created, updated, unchanged or rejected with the validation errors; the valid ' +
          'ones are saved even when others are rejected. Larger batches (or `?async=true`) answer 202 with a job.',
        params: EdrpouParams,
        querystring: BatchQuery,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
        body: BatchBody,
        response: {
          200: BatchResultSchema,
          202: BatchAcceptedSchema,
          ...problemResponses(400, 401, 403, 404, 413, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const r = await service.batch(callerOf(request), request.params.edrpou, request.body, idempotencyKey(request), {
        async: request.query.async,
      });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.status).send(r.body as never);
    },
  );

  app.post(
    '/api/v1/schools/:edrpou/pupils/:externalId/exit',
    {
      config: { auth: { auth: 'platform', action: 'pupil:write', scope: 'pupils:write' }, rateLimit },
      schema: {
        tags,
        summary: 'Record that a pupil left the school (Порядок 367: date, reason, destination)',
        description:
          'The same rules as the portal. A transfer names the destination school (`destinationEdrpou`); the ' +
          'destination enrols the pupil (through its platform, or the registry).',
        params: PupilParams,
        body: ExitBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await service.exit(callerOf(request), request.params.edrpou, request.params.externalId, request.body);
      return reply.status(204).send(null);
    },
  );
}
