/**
 * Kysely table types of migration 0005 (school imports), kept beside db/schema.ts until they are merged into its
 * `DB` interface and `TABLE_COLUMNS`; the imports module uses `Kysely<DB & ImportTables>` meanwhile.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from './schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface PupilImportTable {
  id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  school_year: number;
  file_name: string;
  file_bytes: number;
  file_info: JsonWithDefault<Record<string, unknown>>;
  columns: JsonWithDefault<unknown[]>;
  status: Generated<string>;
  commit_mode: string | null;
  rows_total: Generated<number>;
  rows_valid: Generated<number>;
  rows_with_errors: Generated<number>;
  rows_with_warnings: Generated<number>;
  rows_duplicate: Generated<number>;
  rows_committed: Generated<number>;
  error: Json | null;
  job_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  committed_at: Timestamp | null;
  committed_by: string | null;
}

export interface PupilImportFileTable {
  import_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  content: Buffer;
}

export interface PupilImportRowTable {
  import_id: string;
  row_no: number;
  school_id: string;
  ouo_id: string;
  region_id: string;
  status: string;
  duplicate: Generated<boolean>;
  grade: number | null;
  class_letter: string | null;
  issues: JsonWithDefault<unknown[]>;
  payload: Buffer;
  person_id: string | null;
}

export interface ImportTables {
  pupil_import: PupilImportTable;
  pupil_import_file: PupilImportFileTable;
  pupil_import_row: PupilImportRowTable;
}

/** A connection or transaction that also knows the import tables. */
export type ImportTx = Kysely<DB & ImportTables>;

/** Every column of a table, listed once: the type check fails when a column is missing (as in db/schema.ts). */
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): ReadonlyArray<keyof T> => list;
}

/** The column lists of the import tables, checked by the compiler and against the database by an integration test. */
export const IMPORT_TABLE_COLUMNS: { readonly [T in keyof ImportTables]: ReadonlyArray<keyof ImportTables[T]> } = {
  pupil_import: columns<PupilImportTable>()([
    'id',
    'school_id',
    'ouo_id',
    'region_id',
    'school_year',
    'file_name',
    'file_bytes',
    'file_info',
    'columns',
    'status',
    'commit_mode',
    'rows_total',
    'rows_valid',
    'rows_with_errors',
    'rows_with_warnings',
    'rows_duplicate',
    'rows_committed',
    'error',
    'job_id',
    'created_by',
    'created_at',
    'updated_at',
    'committed_at',
    'committed_by',
  ]),
  pupil_import_file: columns<PupilImportFileTable>()(['import_id', 'school_id', 'ouo_id', 'region_id', 'content']),
  pupil_import_row: columns<PupilImportRowTable>()([
    'import_id',
    'row_no',
    'school_id',
    'ouo_id',
    'region_id',
    'status',
    'duplicate',
    'grade',
    'class_letter',
    'issues',
    'payload',
    'person_id',
  ]),
};
