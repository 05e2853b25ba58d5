/**
 * Kysely table types of migration 0006 (transitions, transfers, the in-transit pool), kept beside db/schema.ts until
 * they are merged into its `DB` interface and `TABLE_COLUMNS`; the transitions and transfers modules use
 * `Kysely<DB & TransitionTables>` meanwhile.
 */
import type { ColumnType, Kysely } from 'kysely';
import type { DB } from './schema';
import type { Tx } from './database';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface TransitionTable {
  id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  from_year: number;
  to_year: number;
  status: string;
  pupils: number;
  promoted: number;
  repeated: number;
  graduated: number;
  left_school: number;
  summary: JsonWithDefault<Record<string, unknown>>;
  validation_errors: ColumnType<string, string | undefined, string>;
  order_number: string | null;
  job_id: string | null;
  source: string;
  applied_by: string | null;
  applied_at: Timestamp;
  undone_by: string | null;
  undone_at: Timestamp | null;
}

export interface TransitionExceptionTable {
  enrolment_id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  school_year: number;
  kind: string;
  basis: string | null;
  reason: string | null;
  confirmed: ColumnType<boolean, boolean | undefined, boolean>;
  class_letter: string | null;
  destination_school_id: string | null;
  destination_country: string | null;
  exit_date: DateString | null;
  note: string | null;
  set_by: string | null;
  set_at: Timestamp;
}

export interface TransitionExitTable {
  transition_id: string;
  enrolment_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
}

export interface PupilTransferTable {
  id: string;
  person_id: string;
  from_enrolment_id: string;
  from_school_id: string;
  from_ouo_id: string;
  from_region_id: string;
  from_territory_id: number | null;
  exit_date: DateString;
  exit_reason: string;
  to_school_id: string | null;
  to_ouo_id: string | null;
  to_region_id: string | null;
  to_territory_id: number | null;
  status: string;
  to_enrolment_id: string | null;
  arrived_on: DateString | null;
  transition_id: string | null;
  source: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransitExitTable {
  enrolment_id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  residence_territory_id: number | null;
  residence_ouo_id: string | null;
  residence_region_id: string | null;
  grade: number;
  exit_date: DateString;
  exit_reason: string;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TransitCaseEventTable {
  id: string;
  enrolment_id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  residence_ouo_id: string | null;
  residence_region_id: string | null;
  kind: string;
  reason: string | null;
  note: string | null;
  at: Timestamp;
  by_user: string | null;
  by_organisation: string | null;
}

export interface TransitionTables {
  transition: TransitionTable;
  transition_exception: TransitionExceptionTable;
  transition_exit: TransitionExitTable;
  pupil_transfer: PupilTransferTable;
  transit_exit: TransitExitTable;
  transit_case_event: TransitCaseEventTable;
}

/** A connection or transaction that also knows the tables of migration 0006. */
export type TransitionTx = Kysely<DB & TransitionTables>;

/** The same transaction, typed with the tables of migration 0006 (until they are merged into `DB`). */
export const transitionTx = (trx: Tx): TransitionTx => trx as unknown as TransitionTx;

/** Every column of a table, listed once: the type check fails when a column is missing (as in db/schema.ts). */
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): ReadonlyArray<keyof T> => list;
}

/** The column lists of migration 0006, checked by the compiler and against the database by an integration test. */
export const TRANSITION_TABLE_COLUMNS: {
  readonly [T in keyof TransitionTables]: ReadonlyArray<keyof TransitionTables[T]>;
} = {
  transition: columns<TransitionTable>()([
    'id',
    'school_id',
    'ouo_id',
    'region_id',
    'from_year',
    'to_year',
    'status',
    'pupils',
    'promoted',
    'repeated',
    'graduated',
    'left_school',
    'summary',
    'validation_errors',
    'order_number',
    'job_id',
    'source',
    'applied_by',
    'applied_at',
    'undone_by',
    'undone_at',
  ]),
  transition_exception: columns<TransitionExceptionTable>()([
    'enrolment_id',
    'person_id',
    'school_id',
    'ouo_id',
    'region_id',
    'school_year',
    'kind',
    'basis',
    'reason',
    'confirmed',
    'class_letter',
    'destination_school_id',
    'destination_country',
    'exit_date',
    'note',
    'set_by',
    'set_at',
  ]),
  transition_exit: columns<TransitionExitTable>()([
    'transition_id',
    'enrolment_id',
    'school_id',
    'ouo_id',
    'region_id',
  ]),
  pupil_transfer: columns<PupilTransferTable>()([
    'id',
    'person_id',
    'from_enrolment_id',
    'from_school_id',
    'from_ouo_id',
    'from_region_id',
    'from_territory_id',
    'exit_date',
    'exit_reason',
    'to_school_id',
    'to_ouo_id',
    'to_region_id',
    'to_territory_id',
    'status',
    'to_enrolment_id',
    'arrived_on',
    'transition_id',
    'source',
    'created_by',
    'created_at',
    'updated_at',
  ]),
  transit_exit: columns<TransitExitTable>()([
    'enrolment_id',
    'person_id',
    'school_id',
    'ouo_id',
    'region_id',
    'residence_territory_id',
    'residence_ouo_id',
    'residence_region_id',
    'grade',
    'exit_date',
    'exit_reason',
    'recorded_at',
  ]),
  transit_case_event: columns<TransitCaseEventTable>()([
    'id',
    'enrolment_id',
    'person_id',
    'school_id',
    'ouo_id',
    'region_id',
    'residence_ouo_id',
    'residence_region_id',
    'kind',
    'reason',
    'note',
    'at',
    'by_user',
    'by_organisation',
  ]),
};
