/**
 * Kysely table types of migration 0010 (verification against state registries), kept beside db/schema.ts until they
 * are merged into its `DB` interface and `TABLE_COLUMNS`; the verification module uses `Kysely<DB &
 * VerificationTables>` meanwhile.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from './schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface RegistrySnapshotTable {
  id: string;
  kind: string;
  version: number;
  source: string;
  adapter: string;
  as_of: DateString;
  provenance: JsonWithDefault<Record<string, unknown>>;
  status: Generated<string>;
  rows_total: Generated<number>;
  rows_imported: Generated<number>;
  rows_rejected: Generated<number>;
  rejected: JsonWithDefault<unknown[]>;
  notes: JsonWithDefault<Record<string, number>>;
  error: Json | null;
  job_id: string | null;
  imported_by: string | null;
  imported_via: Generated<string>;
  created_at: Generated<Date>;
  imported_at: Timestamp | null;
}

export interface RegistryExtractFileTable {
  snapshot_id: string;
  content: Buffer;
}

export interface RegistryRecordTable {
  snapshot_id: string;
  record_no: number;
  source_record_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  script: string;
  sex: string | null;
  birth_date: DateString | null;
  residence_territory_id: number | null;
  event_date: DateString | null;
  details: JsonWithDefault<Record<string, string>>;
  identifiers_enc: Buffer | null;
  birth_cert_bidx: Buffer | null;
  unzr_bidx: Buffer | null;
  rnokpp_bidx: Buffer | null;
  notes: Generated<string[]>;
}

export interface RegistryLinkRunTable {
  id: string;
  snapshot_id: string;
  target: string;
  target_snapshot_id: string | null;
  status: Generated<string>;
  params: JsonWithDefault<Record<string, unknown>>;
  model: JsonWithDefault<Record<string, unknown>>;
  stats: JsonWithDefault<Record<string, unknown>>;
  job_id: string | null;
  created_by: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export interface RegistryLinkTable {
  id: Generated<number>;
  run_id: string;
  record_no: number;
  person_id: string | null;
  target_record_no: number | null;
  model_status: string;
  status: string;
  method: string;
  probability: number;
  weight: number;
  pattern: number;
  ambiguous: Generated<boolean>;
}

export interface RegistryLinkDecisionTable {
  id: string;
  kind: string;
  source_record_id: string;
  target: string;
  target_key: string;
  decision: string;
  note: string | null;
  link_id: number | null;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface VerificationDetectionTable {
  id: string;
  params: JsonWithDefault<Record<string, unknown>>;
  stats: JsonWithDefault<Record<string, unknown>>;
  job_id: string | null;
  created_by: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface VerificationCaseTable {
  id: string;
  number: Generated<number>;
  subject_key: string;
  person_id: string | null;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string | null;
  birth_date: DateString | null;
  residence_territory_id: number | null;
  identifiers_enc: Buffer | null;
  reasons: string[];
  evidence: JsonWithDefault<unknown[]>;
  status: Generated<string>;
  region_id: string | null;
  assigned_ouo_id: string | null;
  handed_over_at: Timestamp | null;
  detection_id: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  last_detected_at: Timestamp;
  version: Generated<number>;
}

export interface VerificationCaseEventTable {
  id: Generated<number>;
  case_id: string;
  at: Timestamp;
  actor_user_id: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  details: JsonWithDefault<Record<string, unknown>>;
}

export interface VerificationTables {
  registry_snapshot: RegistrySnapshotTable;
  registry_extract_file: RegistryExtractFileTable;
  registry_record: RegistryRecordTable;
  registry_link_run: RegistryLinkRunTable;
  registry_link: RegistryLinkTable;
  registry_link_decision: RegistryLinkDecisionTable;
  verification_detection: VerificationDetectionTable;
  verification_case: VerificationCaseTable;
  verification_case_event: VerificationCaseEventTable;
}

/** A connection or transaction that also knows the verification tables. */
export type VerificationTx = Kysely<DB & VerificationTables>;

/** Every column of a table, listed once: the type check fails when a column is missing (as in db/schema.ts). */
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): ReadonlyArray<keyof T> => list;
}

/** The column lists of the verification tables, checked by the compiler and against the database by a test. */
export const VERIFICATION_TABLE_COLUMNS: {
  readonly [T in keyof VerificationTables]: ReadonlyArray<keyof VerificationTables[T]>;
} = {
  registry_snapshot: columns<RegistrySnapshotTable>()([
    'id',
    'kind',
    'version',
    'source',
    'adapter',
    'as_of',
    'provenance',
    'status',
    'rows_total',
    'rows_imported',
    'rows_rejected',
    'rejected',
    'notes',
    'error',
    'job_id',
    'imported_by',
    'imported_via',
    'created_at',
    'imported_at',
  ]),
  registry_extract_file: columns<RegistryExtractFileTable>()(['snapshot_id', 'content']),
  registry_record: columns<RegistryRecordTable>()([
    'snapshot_id',
    'record_no',
    'source_record_id',
    'last_name',
    'first_name',
    'middle_name',
    'script',
    'sex',
    'birth_date',
    'residence_territory_id',
    'event_date',
    'details',
    'identifiers_enc',
    'birth_cert_bidx',
    'unzr_bidx',
    'rnokpp_bidx',
    'notes',
  ]),
  registry_link_run: columns<RegistryLinkRunTable>()([
    'id',
    'snapshot_id',
    'target',
    'target_snapshot_id',
    'status',
    'params',
    'model',
    'stats',
    'job_id',
    'created_by',
    'started_at',
    'finished_at',
  ]),
  registry_link: columns<RegistryLinkTable>()([
    'id',
    'run_id',
    'record_no',
    'person_id',
    'target_record_no',
    'model_status',
    'status',
    'method',
    'probability',
    'weight',
    'pattern',
    'ambiguous',
  ]),
  registry_link_decision: columns<RegistryLinkDecisionTable>()([
    'id',
    'kind',
    'source_record_id',
    'target',
    'target_key',
    'decision',
    'note',
    'link_id',
    'decided_by',
    'decided_at',
  ]),
  verification_detection: columns<VerificationDetectionTable>()([
    'id',
    'params',
    'stats',
    'job_id',
    'created_by',
    'started_at',
    'finished_at',
  ]),
  verification_case: columns<VerificationCaseTable>()([
    'id',
    'number',
    'subject_key',
    'person_id',
    'last_name',
    'first_name',
    'middle_name',
    'sex',
    'birth_date',
    'residence_territory_id',
    'identifiers_enc',
    'reasons',
    'evidence',
    'status',
    'region_id',
    'assigned_ouo_id',
    'handed_over_at',
    'detection_id',
    'opened_at',
    'updated_at',
    'closed_at',
    'last_detected_at',
    'version',
  ]),
  verification_case_event: columns<VerificationCaseEventTable>()([
    'id',
    'case_id',
    'at',
    'actor_user_id',
    'kind',
    'from_status',
    'to_status',
    'note',
    'details',
  ]),
};
