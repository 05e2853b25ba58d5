/**
 * Kysely table types of migration 0009 (education subvention), kept beside db/schema.ts until they are merged into its
 * `DB` interface and `TABLE_COLUMNS`; the subvention module uses `Kysely<DB & SubventionTables>` meanwhile.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from './schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface SubventionParameterSetTable {
  id: string;
  budget_year: number;
  name: string;
  is_default: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SubventionParameterVersionTable {
  set_id: string;
  version: number;
  params: Json<Record<string, unknown>>;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SubventionScenarioTable {
  id: string;
  name: string;
  description: string | null;
  base_set_id: string;
  base_version: number;
  as_of: DateString;
  changes: JsonWithDefault<Record<string, unknown>>;
  shared: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SubventionRunTable {
  id: string;
  set_id: string;
  set_version: number;
  budget_year: number;
  as_of: DateString;
  status: Generated<string>;
  total_kop: number | null;
  weight_sum_micro: number | null;
  data_version: string | null;
  summary: JsonWithDefault<Record<string, unknown>>;
  error: Json | null;
  job_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  computed_at: Timestamp | null;
}

export interface SubventionRunBudgetTable {
  run_id: string;
  code: string;
  kind: string;
  name: string;
  oblast_code: string;
  pupils: number;
  weight_micro: number;
  amount_kop: number;
  inputs: Json<Record<string, unknown>>;
}

export interface SubventionTables {
  subvention_parameter_set: SubventionParameterSetTable;
  subvention_parameter_version: SubventionParameterVersionTable;
  subvention_scenario: SubventionScenarioTable;
  subvention_run: SubventionRunTable;
  subvention_run_budget: SubventionRunBudgetTable;
}

/** A connection or transaction that also knows the subvention tables. */
export type SubventionTx = Kysely<DB & SubventionTables>;

/** Every column of a table, listed once: the type check fails when a column is missing (as in db/schema.ts). */
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): ReadonlyArray<keyof T> => list;
}

/** The column lists of the subvention tables, checked by the compiler and against the database by a test. */
export const SUBVENTION_TABLE_COLUMNS: {
  readonly [T in keyof SubventionTables]: ReadonlyArray<keyof SubventionTables[T]>;
} = {
  subvention_parameter_set: columns<SubventionParameterSetTable>()([
    'id',
    'budget_year',
    'name',
    'is_default',
    'created_by',
    'created_at',
  ]),
  subvention_parameter_version: columns<SubventionParameterVersionTable>()([
    'set_id',
    'version',
    'params',
    'note',
    'created_by',
    'created_at',
  ]),
  subvention_scenario: columns<SubventionScenarioTable>()([
    'id',
    'name',
    'description',
    'base_set_id',
    'base_version',
    'as_of',
    'changes',
    'shared',
    'created_by',
    'created_at',
    'updated_at',
  ]),
  subvention_run: columns<SubventionRunTable>()([
    'id',
    'set_id',
    'set_version',
    'budget_year',
    'as_of',
    'status',
    'total_kop',
    'weight_sum_micro',
    'data_version',
    'summary',
    'error',
    'job_id',
    'created_by',
    'created_at',
    'computed_at',
  ]),
  subvention_run_budget: columns<SubventionRunBudgetTable>()([
    'run_id',
    'code',
    'kind',
    'name',
    'oblast_code',
    'pupils',
    'weight_micro',
    'amount_kop',
    'inputs',
  ]),
};
