import { Type, type Static } from 'typebox';
import { JobSchema } from '../../jobs/routes';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SchoolParams = Type.Object({ schoolId: Type.String({ format: 'uuid' }) });
export const ImportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const ImportStatusSchema = Type.Enum(
  ['parsing', 'previewed', 'committing', 'committed', 'failed', 'discarded'],
  {
    description:
      'parsing — the file is being checked (a job); previewed — checked, waiting for a commit; committing — being written; ' +
      'committed — written; failed — the file could not be read (see error); discarded — cancelled, rows deleted',
  },
);

export const ImportProblemSchema = Type.Object(
  {
    code: Type.String({ description: 'Stable code, e.g. IMPORT_COLUMNS_MISMATCH, IMPORT_HAS_ERRORS' }),
    message: Type.String({ description: 'Ukrainian message' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() })),
    ),
  },
  { additionalProperties: true, description: 'Why the file could not be read, or why the last commit was refused' },
);

export const ImportSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  school: Type.Object({ id: Type.String(), name: Type.String(), edrpou: Nullable(Type.String()) }),
  status: ImportStatusSchema,
  fileName: Type.String(),
  fileBytes: Type.Integer(),
  format: Nullable(Type.Enum(['xlsx', 'csv'])),
  sheet: Nullable(Type.String({ description: 'XLSX: the sheet that was read' })),
  encoding: Nullable(Type.String({ description: 'CSV: utf-8, utf-16le, utf-16be or windows-1251' })),
  delimiter: Nullable(Type.String({ description: 'CSV: ; , or tab' })),
  schoolYear: Type.String({ description: 'Default school year of rows that name none, e.g. 2025-2026' }),
  columns: Type.Array(
    Type.Object({
      key: Type.String({ description: 'Exchange-record field, dotted' }),
      header: Type.String({ description: 'Header as in the file' }),
      letter: Type.String(),
    }),
  ),
  counts: Type.Object({
    rows: Type.Integer({ description: 'Data rows read (blank rows are skipped)' }),
    valid: Type.Integer({ description: 'Rows without errors: written by a commit (warnings included)' }),
    withErrors: Type.Integer({ description: 'Rows with errors: not written' }),
    withWarnings: Type.Integer({ description: 'Rows without errors but with warnings (written, to review)' }),
    duplicates: Type.Integer({ description: 'Rows refused as duplicates of a registry pupil or of an earlier row' }),
    committed: Type.Integer({ description: 'Pupils written by the commit' }),
  }),
  commitMode: Nullable(Type.Enum(['all_or_nothing', 'valid_only'])),
  error: Nullable(ImportProblemSchema),
  job: Nullable(JobSchema),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  committedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const IssueViewSchema = Type.Object({
  code: Type.String({ description: 'Catalogue rule code, or an import code (IMPORT_…, DUPLICATE_…)' }),
  path: Type.String({ description: 'JSON Pointer in the exchange record' }),
  message: Type.String({ description: 'Ukrainian message' }),
  column: Nullable(
    Type.Object({
      key: Type.String(),
      header: Type.String({
        description: 'The header as in the file (the template header when the file lacks the column)',
      }),
      letter: Nullable(Type.String({ description: 'Column letter in the file' })),
    }),
  ),
});

export const ImportRowSchema = Type.Object({
  rowNumber: Type.Integer({ description: 'Row number as the spreadsheet shows it (CSV: record number, header = 1)' }),
  status: Type.Enum(['valid', 'warning', 'error']),
  duplicate: Type.Boolean(),
  summary: Type.Object({
    lastName: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    middleName: Nullable(Type.String()),
    class: Nullable(Type.String({ description: 'e.g. 5-А' })),
  }),
  errors: Type.Array(IssueViewSchema),
  warnings: Type.Array(IssueViewSchema),
});

export const RowsQuery = Type.Object({
  filter: Type.Enum(['all', 'errors', 'warnings', 'valid'], {
    default: 'all',
    description:
      'errors — not written; warnings — written with warnings; valid — all rows written (with or without warnings)',
  }),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const CommitBody = Type.Object(
  {
    mode: Type.Enum(['all_or_nothing', 'valid_only'], {
      description: 'all_or_nothing — refused when any row has errors; valid_only — rows with errors are skipped',
    }),
  },
  { additionalProperties: false },
);
export type TCommitBody = Static<typeof CommitBody>;

export const QueuedSchema = Type.Object({
  importId: Type.String({ format: 'uuid' }),
  jobId: Type.String({ format: 'uuid' }),
});

export const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'An XLSX or CSV file (multipart field «file»)' }) },
  { description: 'multipart/form-data' },
);

export const BinaryFile = (description: string) => Type.String({ format: 'binary', description });
