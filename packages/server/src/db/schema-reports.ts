/**
 * Kysely table types of migration 0008 (reports), kept beside db/schema.ts until they are merged into its `DB`
 * interface and `TABLE_COLUMNS`; the reports module uses `Kysely<DB & ReportTables>` meanwhile.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from './schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface ReportEnteredCellTable {
  id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  school_year: number;
  cell: string;
  value: number;
  entered_by: string | null;
  entered_at: Generated<Date>;
}

export interface ReportSnapshotTable {
  as_of: DateString;
  school_year: number;
  created_at: Generated<Date>;
  refreshed_at: Generated<Date>;
}

export interface ReportSchoolSnapshotTable {
  as_of: DateString;
  school_id: string;
  ouo_id: string;
  region_id: string;
  cells: Json<Record<string, number>>;
  registry_pupils: number;
  registry_classes: number;
  blocking_errors: number;
  last_event_id: number;
  event_horizon: number;
  entered_at: Timestamp | null;
  built_at: Timestamp;
}

export interface ReportOuoCellTable {
  as_of: DateString;
  ouo_id: string;
  region_id: string;
  cell: string;
  value: number;
}

export interface ReportRegionCellTable {
  as_of: DateString;
  region_id: string;
  cell: string;
  value: number;
}

export interface ReportTables {
  report_entered_cell: ReportEnteredCellTable;
  report_snapshot: ReportSnapshotTable;
  report_school_snapshot: ReportSchoolSnapshotTable;
  report_ouo_cell: ReportOuoCellTable;
  report_region_cell: ReportRegionCellTable;
}

/** A connection or transaction that also knows the report tables. */
export type ReportTx = Kysely<DB & ReportTables>;

/** Every column of a table, listed once: the type check fails when a column is missing (as in db/schema.ts). */
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): ReadonlyArray<keyof T> => list;
}

/** The column lists of the report tables, checked by the compiler and against the database by an integration test. */
export const REPORT_TABLE_COLUMNS: { readonly [T in keyof ReportTables]: ReadonlyArray<keyof ReportTables[T]> } = {
  report_entered_cell: columns<ReportEnteredCellTable>()([
    'id',
    'school_id',
    'ouo_id',
    'region_id',
    'school_year',
    'cell',
    'value',
    'entered_by',
    'entered_at',
  ]),
  report_snapshot: columns<ReportSnapshotTable>()(['as_of', 'school_year', 'created_at', 'refreshed_at']),
  report_school_snapshot: columns<ReportSchoolSnapshotTable>()([
    'as_of',
    'school_id',
    'ouo_id',
    'region_id',
    'cells',
    'registry_pupils',
    'registry_classes',
    'blocking_errors',
    'last_event_id',
    'event_horizon',
    'entered_at',
    'built_at',
  ]),
  report_ouo_cell: columns<ReportOuoCellTable>()(['as_of', 'ouo_id', 'region_id', 'cell', 'value']),
  report_region_cell: columns<ReportRegionCellTable>()(['as_of', 'region_id', 'cell', 'value']),
};
