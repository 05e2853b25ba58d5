import type { DashboardLevel, RollupLevel } from './api';

/**
 * Addresses of the report pages and what their query says. A report is asked for as of a date (`?date=`, ISO; absent
 * = the server's default, 5 September of the current school year) and in the exact or the published variant
 * (`?published=1`: small cells suppressed).
 */
export interface ReportQuery {
  date?: string;
  published?: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readReportQuery(params: URLSearchParams): ReportQuery {
  const date = params.get('date') ?? '';
  const out: ReportQuery = {};
  if (ISO_DATE.test(date)) out.date = date;
  if (params.get('published') === '1') out.published = true;
  return out;
}

export function reportSearch(q: ReportQuery): string {
  const p = new URLSearchParams();
  if (q.date) p.set('date', q.date);
  if (q.published) p.set('published', '1');
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const ROLLUP_LEVELS: readonly RollupLevel[] = ['ouo', 'region', 'nation'];
export const isRollupLevel = (x: string | undefined): x is RollupLevel => ROLLUP_LEVELS.includes(x as RollupLevel);
export const isDashboardLevel = (x: string | undefined): x is DashboardLevel => x === 'school' || isRollupLevel(x);

export const reportsHome = () => '/reports';

export const znz1PagePath = (school: string, q: ReportQuery = {}) =>
  `/reports/znz1/${encodeURIComponent(school)}${reportSearch(q)}`;

export const drillPagePath = (school: string, cell: string, q: ReportQuery = {}) =>
  `/reports/znz1/${encodeURIComponent(school)}/cells/${encodeURIComponent(cell)}${reportSearch({ date: q.date })}`;

export const rollupPagePath = (level: RollupLevel, id: string | undefined, q: ReportQuery = {}) =>
  level === 'nation'
    ? `/reports/rollup/nation${reportSearch(q)}`
    : `/reports/rollup/${level}/${encodeURIComponent(id ?? '')}${reportSearch(q)}`;

export const rollupDrillPagePath = (level: RollupLevel, id: string | undefined, cell: string, q: ReportQuery = {}) =>
  `${rollupPagePath(level, id, {}).replace(/\?.*$/, '')}/cells/${encodeURIComponent(cell)}${reportSearch({ date: q.date })}`;

export const dashboardPagePath = (level: DashboardLevel, id: string | undefined, q: ReportQuery = {}) =>
  level === 'nation'
    ? `/reports/dashboard/nation${reportSearch(q)}`
    : `/reports/dashboard/${level}/${encodeURIComponent(id ?? '')}${reportSearch(q)}`;

/** The reports an organisation of the cascade has as its own: a school its ZNZ-1, an ОУО its 76-РВК, and so on. */
export function ownReports(org: { id: string; kind: string }): {
  report: string;
  dashboard: string;
  level: DashboardLevel;
} | null {
  switch (org.kind) {
    case 'school':
      return { report: znz1PagePath(org.id), dashboard: dashboardPagePath('school', org.id), level: 'school' };
    case 'ouo':
      return { report: rollupPagePath('ouo', org.id), dashboard: dashboardPagePath('ouo', org.id), level: 'ouo' };
    case 'region':
      return {
        report: rollupPagePath('region', org.id),
        dashboard: dashboardPagePath('region', org.id),
        level: 'region',
      };
    case 'ministry':
      return {
        report: rollupPagePath('nation', undefined),
        dashboard: dashboardPagePath('nation', undefined),
        level: 'nation',
      };
    default:
      return null;
  }
}
