import { buildQuery, path, type CallOptions } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The report endpoints (`/api/v1/reports/…`, issue 8), typed as the server documents them in OpenAPI
 * (packages/server/src/modules/reports/schemas.ts). The SDK does not cover them yet: the portal calls them over the
 * SDK's transport (`api.http`), which keeps the session's CSRF token and reports an ended session like every other
 * call.
 */

export type RollupLevel = 'ouo' | 'region' | 'nation';
export type DashboardLevel = 'school' | RollupLevel;
export type ExportFormat = 'xlsx' | 'pdf' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'pdf', 'csv'];

export interface LayoutSection {
  n: number;
  title: string;
  source: 'records' | 'entered';
  note: string | null;
  columns: Array<{ n: number; label: string; unit: string }>;
  rows: Array<{ n: number; label: string }>;
}

export interface Check {
  code: string;
  severity: 'error' | 'warning';
  ok: boolean;
  uk: string;
  expected?: number;
  actual?: number;
  cells?: string[];
}

/** Every cell of the form (and the `x.` measures): a number, or null when suppressed in the published variant. */
export type Cells = Record<string, number | null>;

export interface Coded {
  value: string;
  code: number;
  label: string;
}

export interface SchoolHeader {
  id: string;
  edrpou: string | null;
  name: string;
  shortName: string | null;
  location: {
    katottg: string | null;
    settlement: string | null;
    hromada: string | null;
    raion: string | null;
    oblast: string | null;
    address: string | null;
  };
  locality: Coded | null;
  schoolType: { value: string; label: string } | null;
  ownership: Coded | null;
  status: { value: string; label: string };
  relocatedFrom: string | null;
  ouo: { id: string; name: string; edrpou: string | null } | null;
}

export interface Znz1Report {
  form: 'ЗНЗ-1';
  level: 'school';
  asOf: string;
  schoolYear: string;
  published: boolean;
  header: SchoolHeader;
  layout: LayoutSection[];
  cells: Cells;
  entered: string[];
  registry: { pupils: number; classes: number; blockingErrors: number };
  checks: Check[];
  generatedAt: string;
}

export interface RollupReport {
  form: string;
  level: RollupLevel;
  asOf: string;
  schoolYear: string;
  published: boolean;
  header: { id: string; name: string; edrpou: string | null; territory: string | null; code: string | null };
  layout: LayoutSection[];
  cells: Cells;
  checks: Check[];
  coverage: { schools: number; included: number; stale: number; withErrors: number; builtAt: string | null };
  schools: Array<{
    id: string;
    edrpou: string | null;
    name: string;
    pupils: number;
    classes: number;
    registryPupils: number;
    blockingErrors: number;
    consistent: boolean;
  }>;
  flagged: Array<{ id: string; edrpou: string | null; name: string; blockingErrors: number; pupils: number }>;
  regions: Array<{ id: string; code: string; name: string; pupils: number | null }>;
  generatedAt: string;
}

export interface DrillPupil {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string;
  birthDate: string | null;
  grade: number;
  classLetter: string;
  entryDate: string;
  exitDate: string | null;
  exitReason: string | null;
}

export interface Drill {
  cell: string;
  label: string;
  asOf: string;
  value: number;
  listedFor: string;
  notListed: number;
  items: DrillPupil[];
}

export interface RollupDrill {
  cell: string;
  asOf: string;
  items: Array<{ id: string; name: string; edrpou: string | null; ouoId: string; value: number }>;
}

export interface Entered {
  schoolId: string;
  schoolYear: string;
  cells: Record<string, { value: number; enteredAt: string }>;
  history: Array<{ cell: string; value: number; enteredAt: string; enteredBy: string | null }>;
}

export interface Table {
  columns: Array<{ key: string; label: string }>;
  rows: Array<Array<string | number | null>>;
}

export interface DashboardChart {
  id: string;
  title: string;
  kind: 'bar' | 'stacked-bar' | 'pie' | 'line';
  unit: string;
  categories: Array<{ key: string; label: string }>;
  series: Array<{ key: string; label: string; data: Array<number | null> }>;
  table: Table;
  cells: Array<Array<string | null>>;
  notes: string[];
}

export interface TileMapData {
  metrics: Array<{ key: string; label: string }>;
  tiles: Array<{
    code: string;
    name: string;
    short: string;
    row: number;
    col: number;
    values: Record<string, number | null>;
  }>;
  table: Table;
  notes: string[];
}

export interface Dashboard {
  level: DashboardLevel;
  scope: { id: string; name: string; edrpou: string | null; code: string | null };
  asOf: string;
  schoolYear: string;
  published: boolean;
  charts: DashboardChart[];
  tileMap: TileMapData | null;
  totals: { pupils: number | null; schools: number | null };
  generatedAt: string;
}

export interface Snapshot {
  asOf: string;
  schoolYear: string;
  refreshedAt: string;
}

export interface ReportOptions {
  date?: string | undefined;
  published?: boolean | undefined;
}

const http = api.http;

const query = (o: ReportOptions) => ({ date: o.date || undefined, published: o.published ? true : undefined });

/** The path of a roll-up report (76-РВК of an ОУО, the tables of a region or of the nation). */
export function rollupPath(level: RollupLevel, id: string | undefined): string {
  if (level === 'ouo') return path`/api/v1/reports/rvk76/ouos/${id ?? ''}`;
  if (level === 'region') return path`/api/v1/reports/rollup/regions/${id ?? ''}`;
  return '/api/v1/reports/rollup/nation';
}

/** A download link of a report (the server sends the file with its name; every export is audited). */
export function exportHref(base: string, format: ExportFormat, o: ReportOptions): string {
  return `${base}${buildQuery({ ...query(o), format })}`;
}

export const znz1Path = (school: string) => path`/api/v1/reports/znz1/schools/${school}`;

export const reports = {
  znz1: (school: string, o: ReportOptions, call: CallOptions = {}) =>
    http.get<Znz1Report>(znz1Path(school), { query: query(o), signal: call.signal }),
  drill: (school: string, cell: string, date: string | undefined, call: CallOptions = {}) =>
    http.get<Drill>(path`/api/v1/reports/znz1/schools/${school}/cells/${cell}/pupils`, {
      query: { date: date || undefined },
      signal: call.signal,
    }),
  entered: (school: string, call: CallOptions = {}) =>
    http.get<Entered>(path`/api/v1/reports/znz1/schools/${school}/entered`, { signal: call.signal }),
  enter: (school: string, body: { schoolYear?: string; cells: Record<string, number> }) =>
    http.put<Entered>(path`/api/v1/reports/znz1/schools/${school}/entered`, { body }),
  rollup: (level: RollupLevel, id: string | undefined, o: ReportOptions, call: CallOptions = {}) =>
    http.get<RollupReport>(rollupPath(level, id), { query: query(o), signal: call.signal }),
  rollupDrill: (
    level: RollupLevel,
    id: string | undefined,
    cell: string,
    date: string | undefined,
    call: CallOptions = {},
  ) =>
    http.get<RollupDrill>(path`/api/v1/reports/rollup/cells/${cell}/schools`, {
      query: { level, id, date: date || undefined },
      signal: call.signal,
    }),
  dashboard: (level: DashboardLevel, id: string | undefined, o: ReportOptions, call: CallOptions = {}) =>
    http.get<Dashboard>('/api/v1/reports/dashboard', { query: { level, id, ...query(o) }, signal: call.signal }),
  snapshots: (call: CallOptions = {}) =>
    http.get<{ items: Snapshot[] }>('/api/v1/reports/snapshots', { signal: call.signal }),
  refresh: (body: { date?: string; regionId?: string }) =>
    http.post<{ jobId: string }>('/api/v1/reports/snapshots', { body }),
};
