import { VALIDATION_RULES, INDICATORS } from '@aikom/domain/validation/rules';
import type { FastifySchemaCompiler } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { typeboxValidatorCompiler } from '../../http/validation';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { requireIfMatch, setEtag } from '../../http/etag';
import { problemResponses } from '../../http/schemas';
import { callerOf } from '../auth/guard';
import type { PupilListRow } from './repository';
import {
  ClassSchema,
  ExitBody,
  PupilCardSchema,
  PupilRecordSchema,
  PupilSummarySchema,
  SavedSchema,
  SearchQuery,
  ValidationResultSchema,
} from './schemas';
import { PupilService } from './service';

const issue = (i: { code: string; path: string; message: string }) => ({
  code: i.code,
  path: i.path,
  message: i.message,
});

export function presentSummary(r: PupilListRow) {
  return {
    id: r.id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    sex: r.sex,
    birthDate: r.birth_date,
    grade: r.grade,
    classLetter: r.class_letter,
    schoolId: r.school_id,
    displacementStatus: r.displacement_status,
    contactStatus: r.contact_status,
    errors: r.quality_errors,
    warnings: r.quality_warnings,
    qualityCodes: r.quality_codes,
    version: r.version,
  };
}

/**
 * The exchange record in a body is checked by the validation catalogue (stable rule codes), not by the generic
 * schema validator; params and query strings still are.
 */
const catalogueBody: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : typeboxValidatorCompiler(route);

export async function registerPupilRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new PupilService(ctx);
  const tags = ['Учні'];
  const SchoolParams = Type.Object({ schoolId: Type.String({ format: 'uuid' }) });
  const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.get(
    '/api/v1/validation/rules',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags: ['Перевірка даних'],
        summary: 'The validation catalogue: every rule with its code, path, severity, messages and source',
        response: {
          200: Type.Object({
            rules: Type.Record(Type.String(), Type.Unknown()),
            indicators: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async () => ({ rules: VALIDATION_RULES, indicators: INDICATORS }),
  );

  app.post(
    '/api/v1/validation/pupil',
    {
      config: { auth: { auth: 'any' } },
      validatorCompiler: catalogueBody,
      schema: {
        tags: ['Перевірка даних'],
        summary: 'Check an exchange record against the catalogue, without saving',
        body: PupilRecordSchema,
        response: { 200: ValidationResultSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const r = service.validate(request.body);
      return { errors: r.errors.map(issue), warnings: r.warnings.map(issue) };
    },
  );

  app.get(
    '/api/v1/schools/:schoolId/classes',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'Classes of a school in the current school year, with data quality',
        params: SchoolParams,
        response: {
          200: Type.Object({
            schoolYear: Type.String(),
            school: Type.Object({
              id: Type.String(),
              name: Type.String(),
              edrpou: Type.Union([Type.String(), Type.Null()]),
            }),
            items: Type.Array(ClassSchema),
          }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const r = await service.classes(callerOf(request), request.params.schoolId);
      return {
        schoolYear: `${r.year}-${r.year + 1}`,
        school: { id: r.school.id, name: r.school.name, edrpou: r.school.edrpou },
        items: r.classes.map((c) => ({
          grade: c.grade,
          classLetter: c.class_letter,
          label: `${c.grade}-${c.class_letter}`,
          pupils: c.pupils,
          withErrors: c.with_errors,
          withWarnings: c.with_warnings,
          qualityScore: c.pupils === 0 ? 100 : Math.floor((100 * (c.pupils - c.flagged)) / c.pupils),
        })),
      };
    },
  );

  app.get(
    '/api/v1/schools/:schoolId/pupils',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'Pupils of a school (a class with grade and class)',
        params: SchoolParams,
        querystring: Type.Object({
          grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
          class: Type.Optional(Type.String({ maxLength: 3 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(PupilSummarySchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (
        await service.classPupils(callerOf(request), request.params.schoolId, request.query.grade, request.query.class)
      ).map(presentSummary),
    }),
  );

  app.get(
    '/api/v1/schools/:schoolId/quality',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'The data-quality panel: pupils failing each rule (with the list for one rule)',
        params: SchoolParams,
        querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 60 })) }),
        response: {
          200: Type.Object({
            pupils: Type.Integer(),
            clean: Type.Integer({ description: 'Pupils with neither errors nor warnings' }),
            score: Type.Integer({ description: 'Percent of clean pupils' }),
            indicators: Type.Array(
              Type.Object({ number: Type.Integer(), name: Type.String(), failing: Type.Integer() }),
            ),
            rules: Type.Array(
              Type.Object({
                code: Type.String(),
                severity: Type.String(),
                message: Type.String(),
                indicator: Type.Union([Type.Integer(), Type.Null()]),
                pupils: Type.Integer(),
              }),
            ),
            classes: Type.Array(ClassSchema),
            list: Type.Array(PupilSummarySchema),
          }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const r = await service.quality(callerOf(request), request.params.schoolId, request.query.code);
      const pupils = r.classes.reduce((s, c) => s + c.pupils, 0);
      const flagged = r.classes.reduce((s, c) => s + c.flagged, 0);
      const rules = r.codes.map((c) => {
        const rule = (
          VALIDATION_RULES as Record<string, { severity: string; message: { uk: string }; indicator?: number }>
        )[c.code];
        return {
          code: c.code,
          severity: rule?.severity ?? 'warning',
          message: rule?.message.uk ?? c.code,
          indicator: rule?.indicator ?? null,
          pupils: c.pupils,
        };
      });
      return {
        pupils,
        clean: pupils - flagged,
        score: pupils === 0 ? 100 : Math.floor((100 * (pupils - flagged)) / pupils),
        indicators: Object.entries(INDICATORS).map(([n, def], i) => ({
          number: Number(n),
          name: def.uk,
          failing: r.indicators[i] ?? 0,
        })),
        rules,
        classes: r.classes.map((c) => ({
          grade: c.grade,
          classLetter: c.class_letter,
          label: `${c.grade}-${c.class_letter}`,
          pupils: c.pupils,
          withErrors: c.with_errors,
          withWarnings: c.with_warnings,
          qualityScore: c.pupils === 0 ? 100 : Math.floor((100 * (c.pupils - c.flagged)) / c.pupils),
        })),
        list: r.pupils.map(presentSummary),
      };
    },
  );

  app.get(
    '/api/v1/pupils/search',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'Find pupils in my scope by name (tolerant), birth date or identifier (exact)',
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(PupilSummarySchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: (await service.search(callerOf(request), request.query)).map(presentSummary) }),
  );

  app.get(
    '/api/v1/pupils/:id',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: 'A pupil card: the record, its spells and its history (ETag = version)',
        params: IdParams,
        response: { 200: PupilCardSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const c = await service.card(callerOf(request), request.params.id);
      setEtag(reply, c.person.version);
      return {
        id: c.person.id,
        version: c.person.version,
        record: c.record,
        school: c.school ? { id: c.school.id, name: c.school.name, edrpou: c.school.edrpou } : null,
        enrolled: c.open !== null,
        source: c.person.source,
        createdAt: c.person.created_at.toISOString(),
        updatedAt: c.person.updated_at.toISOString(),
        quality: { errors: c.quality.errors.map(issue), warnings: c.quality.warnings.map(issue) },
        history: {
          enrolments: c.enrolments.map((e) => ({
            id: e.id,
            school: { id: e.school_id, name: e.school_name ?? '', edrpou: e.school_edrpou },
            schoolYear: `${e.school_year}-${e.school_year + 1}`,
            grade: e.grade,
            classLetter: e.class_letter,
            entryDate: e.entry_date,
            entryBasis: e.entry_basis,
            orderNumber: e.entry_order,
            exitDate: e.exit_date,
            exitReason: e.exit_reason,
            destination: e.exit_date
              ? {
                  schoolId: e.exit_destination_school_id,
                  schoolName: e.exit_destination_school_name,
                  country: e.exit_destination_country,
                }
              : null,
            note: e.exit_note,
            source: e.source,
          })),
          displacement: c.displacement.map((d) => ({
            status: d.status,
            since: d.since,
            origin: d.origin_code ? { code: d.origin_code, name: d.origin_name ?? '' } : null,
            country: d.country,
            idpCertificate: d.idp_certificate,
            recordedAt: d.recorded_at.toISOString(),
            source: d.source,
          })),
          contact: c.contact.map((x) => ({
            status: x.status,
            since: x.since,
            note: x.note,
            recordedAt: x.recorded_at.toISOString(),
            source: x.source,
          })),
          events: c.events.map((v) => ({
            id: v.id,
            at: v.at.toISOString(),
            kind: v.kind,
            source: v.source,
            actor: v.actor_name ?? v.actor_login ?? null,
            changes: v.changes,
          })),
        },
      };
    },
  );

  app.post(
    '/api/v1/pupils',
    {
      config: { auth: { auth: 'user', action: 'pupil:write' } },
      validatorCompiler: catalogueBody,
      schema: {
        tags,
        summary: 'Create a pupil record (refused when the child is already in the registry)',
        body: PupilRecordSchema,
        response: { 201: SavedSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const saved = await service.create(callerOf(request), request.body);
      setEtag(reply, saved.version);
      return reply.status(201).send({ ...saved, warnings: saved.warnings.map(issue) });
    },
  );

  app.put(
    '/api/v1/pupils/:id',
    {
      config: { auth: { auth: 'user', action: 'pupil:write' } },
      validatorCompiler: catalogueBody,
      schema: {
        tags,
        summary: 'Replace a pupil record (If-Match: its ETag)',
        params: IdParams,
        body: PupilRecordSchema,
        response: { 200: SavedSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const saved = await service.update(callerOf(request), request.params.id, request.body, requireIfMatch(request));
      setEtag(reply, saved.version);
      return { ...saved, warnings: saved.warnings.map(issue) };
    },
  );

  app.post(
    '/api/v1/pupils/:id/exit',
    {
      config: { auth: { auth: 'user', action: 'pupil:write' } },
      schema: {
        tags,
        summary: 'Record that a pupil left the school (date, reason, destination)',
        params: IdParams,
        body: ExitBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.exit(callerOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
