import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifySchemaCompiler } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { readUploadedFile } from '../../http/upload';
import { typeboxValidatorCompiler } from '../../http/validation';
import { callerOf } from '../auth/guard';
import { columnLetter, type FoundColumn } from './columns';
import type { ImportRow } from './repository';
import {
  BinaryFile,
  CommitBody,
  ImportParams,
  ImportRowSchema,
  ImportSchema,
  QueuedSchema,
  RowsQuery,
  SchoolParams,
  UploadBody,
} from './schemas';
import { ImportService, type ImportView } from './service';
import { XLSX_TYPE } from './workbooks';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function presentImport(row: ImportRow, job: ImportView['job'] = null): Static<typeof ImportSchema> {
  const info = row.file_info;
  const format = info.format === 'xlsx' || info.format === 'csv' ? info.format : null;
  return {
    id: row.id,
    school: { id: row.school_id, name: row.school_name, edrpou: row.school_edrpou },
    status: row.status as Static<typeof ImportSchema>['status'],
    fileName: row.file_name,
    fileBytes: row.file_bytes,
    format,
    sheet: str(info.sheet),
    encoding: str(info.encoding),
    delimiter: str(info.delimiter),
    schoolYear: `${row.school_year}-${row.school_year + 1}`,
    columns: (row.columns as FoundColumn[]).map((c) => ({
      key: c.key,
      header: c.header,
      letter: columnLetter(c.index),
    })),
    counts: {
      rows: row.rows_total,
      valid: row.rows_valid,
      withErrors: row.rows_with_errors,
      withWarnings: row.rows_with_warnings,
      duplicates: row.rows_duplicate,
      committed: row.rows_committed,
    },
    commitMode: row.commit_mode as Static<typeof ImportSchema>['commitMode'],
    error: (row.error ?? null) as Static<typeof ImportSchema>['error'],
    job,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    committedAt: row.committed_at ? new Date(row.committed_at).toISOString() : null,
  };
}

/** A download: the type, an ASCII file name (and its UTF-8 form), never cached (it holds personal data). */
function download(reply: FastifyReply, type: string, file: { file: Buffer; fileName: string }) {
  return reply
    .type(type)
    .header(
      'content-disposition',
      `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(file.file);
}

/** The upload body is multipart: the schema documents it, the handler reads it. */
const documentedBody: FastifySchemaCompiler<TSchema> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : typeboxValidatorCompiler(route);

const CSV_TYPE = 'text/csv; charset=utf-8';

export async function registerImportRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new ImportService(ctx);
  const tags = ['Імпорт і експорт'];
  const write = { auth: { auth: 'user' as const, action: 'pupil:write' as const } };

  app.get(
    '/api/v1/schools/:schoolId/pupils/template.xlsx',
    {
      config: write,
      schema: {
        tags,
        summary: 'The XLSX template of the pupil exchange record (Ukrainian headers, drop-down lists, instructions)',
        params: SchoolParams,
        produces: [XLSX_TYPE],
        response: { 200: BinaryFile('XLSX'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) =>
      download(reply, XLSX_TYPE, await service.template(callerOf(request), request.params.schoolId)),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/v1/schools/:schoolId/pupils/export.${format}`,
      {
        config: { auth: { auth: 'user', action: 'pupil:export' } },
        schema: {
          tags,
          summary: `The school's current pupils in the template's format (${format.toUpperCase()}; audited)`,
          params: SchoolParams,
          produces: [format === 'xlsx' ? XLSX_TYPE : CSV_TYPE],
          response: { 200: BinaryFile(format.toUpperCase()), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) =>
        download(
          reply,
          format === 'xlsx' ? XLSX_TYPE : CSV_TYPE,
          await service.export(callerOf(request), request.params.schoolId, format),
        ),
    );
  }

  // Multipart only for the upload: registered in its own context, so no other route accepts it.
  await app.register(async (scope) => {
    const child = scope.withTypeProvider<TypeBoxTypeProvider>();
    await child.register(multipart, {
      limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    });
    child.post(
      '/api/v1/schools/:schoolId/imports',
      {
        config: write,
        validatorCompiler: documentedBody,
        schema: {
          tags,
          summary: 'Upload an XLSX or CSV file of pupils: it is checked by a job (then GET the import for the preview)',
          consumes: ['multipart/form-data'],
          params: SchoolParams,
          body: UploadBody,
          response: { 202: QueuedSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { name, bytes } = await readUploadedFile(request, 'file');
        const queued = await service.upload(callerOf(request), request.params.schoolId, { name, bytes });
        return reply.status(202).send(queued);
      },
    );
  });

  app.get(
    '/api/v1/schools/:schoolId/imports',
    {
      config: write,
      schema: {
        tags,
        summary: 'The latest imports of a school',
        params: SchoolParams,
        response: { 200: Type.Object({ items: Type.Array(ImportSchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await service.list(callerOf(request), request.params.schoolId)).map((r) => presentImport(r)),
    }),
  );

  app.get(
    '/api/v1/imports/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'An import: status, counts and the progress of its job',
        params: ImportParams,
        response: { 200: ImportSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const v = await service.get(callerOf(request), request.params.id);
      return presentImport(v.row, v.job);
    },
  );

  app.get(
    '/api/v1/imports/:id/rows',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rows of an import with their errors and warnings (cursor pages; audited)',
        params: ImportParams,
        querystring: RowsQuery,
        response: {
          200: Type.Object({
            items: Type.Array(ImportRowSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.rows(callerOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/imports/:id/commit',
    {
      config: write,
      schema: {
        tags,
        summary: 'Write the checked rows as pupils, in one transaction (a job)',
        params: ImportParams,
        body: CommitBody,
        response: { 202: QueuedSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.requestCommit(callerOf(request), request.params.id, request.body.mode)),
  );

  app.get(
    '/api/v1/imports/:id/report.xlsx',
    {
      config: write,
      schema: {
        tags,
        summary: 'The import report: rejected rows and rows with warnings, with their values and messages',
        params: ImportParams,
        produces: [XLSX_TYPE],
        response: { 200: BinaryFile('XLSX'), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => download(reply, XLSX_TYPE, await service.report(callerOf(request), request.params.id)),
  );

  app.delete(
    '/api/v1/imports/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Discard a previewed import (its rows are deleted)',
        params: ImportParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.discard(callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
