import {
  TILE_METRICS,
  buildCharts,
  buildTileMap,
  tileCell,
  type Chart,
  type TileMap,
  type ValueOf,
} from '@aikom/domain/reports/dashboard';
import type { SumConstraint } from '@aikom/domain/reports/suppression';
import { publishCells, type ExtraCells } from '@aikom/domain/reports/znz1-published';
import { schoolYear as schoolYearOfStart } from '@aikom/domain/school-year';
import { isTerritoryCategory, territoryDisplayName } from '@aikom/domain/territory';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError } from '../../errors';
import {
  REPORT_DAY,
  ReportService,
  type ReportDate,
  type ReportRequester,
  type RollupLevel,
  type RollupReport,
} from './service';
import type { ScopeFilter } from './repository';

export type DashboardLevel = 'school' | RollupLevel;

export interface Dashboard {
  level: DashboardLevel;
  scope: { id: string; name: string; edrpou: string | null; code: string | null };
  asOf: string;
  schoolYear: string;
  published: boolean;
  charts: Chart[];
  tileMap: TileMap | null;
  totals: { pupils: number | null; schools: number | null };
  generatedAt: string;
}

/** The report date of each earlier school year with a roll-up: 5 September when built, else the latest date. */
export function trendDates(
  snapshots: ReadonlyArray<{ as_of: string; school_year: number }>,
  current: ReportDate,
): string[] {
  const byYear = new Map<number, string>();
  for (const s of snapshots) {
    if (s.school_year >= current.schoolYear) continue;
    const best = byYear.get(s.school_year);
    const official = `${s.school_year}-${REPORT_DAY}`;
    if (!best || s.as_of === official || (best !== official && s.as_of > best)) byYear.set(s.school_year, s.as_of);
  }
  return [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}

/**
 * Dashboards of every level as chart-ready data (packages/domain/src/reports/dashboard.ts), exact for officials in
 * scope and suppressed in the published variant (also offered to everyone as open data for the regions and the
 * nation).
 */
export class DashboardService {
  constructor(
    private readonly ctx: AppContext,
    private readonly reports = new ReportService(ctx),
  ) {}

  private get repo() {
    return this.reports.repo;
  }

  async regionNames(trx: Tx): Promise<Record<string, string>> {
    const rows = await this.repo.level1Names(trx);
    return Object.fromEntries(
      rows.map((r) => [r.code, isTerritoryCategory(r.category) ? territoryDisplayName(r.category, r.name) : r.name]),
    );
  }

  /** A dashboard of a school, an ОУО, a region or the nation, for a caller in scope. */
  async dashboard(
    req: ReportRequester,
    level: DashboardLevel,
    key: string | undefined,
    options: { date?: string | undefined; published?: boolean | undefined } = {},
  ): Promise<Dashboard> {
    const d = this.reports.resolveDate(options.date);
    const published = options.published === true;
    if (!this.reports.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const scope = this.reports.scopeFor(req);
    if (level === 'school') {
      return this.ctx.db.scoped(scope, async (trx) => {
        const school = await this.reports.readableSchool(trx, req, key ?? '');
        const computed = await this.reports.schoolCells(trx, school, d);
        const dates = trendDates(await this.repo.snapshots(trx), d);
        const history = await this.repo.schoolHistory(trx, school.id, dates);
        const trend = [
          ...dates.map((date) => ({ date, cells: history.find((h) => h.as_of === date)?.cells ?? {} })),
          { date: d.asOf, cells: computed.cells.values },
        ];
        const dashboard = this.build(
          'school',
          { id: school.id, name: school.name, edrpou: school.edrpou, code: school.territory_code },
          d,
          computed.cells.values,
          trend,
          await this.regionNames(trx),
          null,
          published,
        );
        await this.reports.record(trx, req, {
          action: 'report.read',
          objectType: 'school',
          objectId: school.id,
          details: { dashboard: true, asOf: d.asOf, published },
        });
        return dashboard;
      });
    }
    const target = await this.ctx.db.scoped(scope, (trx) => this.reports.rollupTarget(trx, req, level, key));
    // An ОУО's schools are rebuilt when out of date; regions and the nation read what the refresh job built.
    if (level === 'ouo') await this.reports.refreshOutdated(scope, target.filter, d);
    return this.ctx.db.scoped(scope, async (trx) => {
      const exact = await this.repo.rollupCells(trx, d.asOf, target.filter);
      if (Object.keys(exact).length === 0 && level !== 'ouo')
        throw new AppError('REPORT_NOT_BUILT', {
          detail: `Зведення на ${d.asOf} ще не побудовано: запустіть побудову (POST /api/v1/reports/snapshots).`,
        });
      const dashboard = await this.rollupDashboard(trx, level, target, d, exact, target.filter, published);
      await this.reports.record(trx, req, {
        action: 'report.read',
        objectType: level,
        objectId: target.id,
        details: { dashboard: true, asOf: d.asOf, published },
      });
      return dashboard;
    });
  }

  private async rollupDashboard(
    trx: Tx,
    level: RollupLevel,
    target: { id: string; name: string; edrpou: string | null; code: string | null },
    d: ReportDate,
    exact: Record<string, number>,
    filter: ScopeFilter,
    published: boolean,
  ): Promise<Dashboard> {
    const dates = trendDates(await this.repo.snapshots(trx), d);
    const trend = [];
    for (const date of dates) trend.push({ date, cells: await this.repo.rollupCells(trx, date, filter) });
    trend.push({ date: d.asOf, cells: exact });
    let tiles: Array<{ code: string; name: string; values: Record<string, number> }> | null = null;
    if (level === 'nation') {
      const [regions, sums] = [
        await this.repo.regions(trx),
        await this.repo.regionCells(
          trx,
          d.asOf,
          TILE_METRICS.map((m) => m.cell),
        ),
      ];
      tiles = regions.map((r) => ({
        code: r.code,
        name: r.name,
        values: Object.fromEntries(
          TILE_METRICS.map((m) => [m.key, sums.find((s) => s.region_id === r.id && s.cell === m.cell)?.value ?? 0]),
        ),
      }));
    }
    return this.build(
      level,
      { id: target.id, name: target.name, edrpou: target.edrpou, code: target.code },
      d,
      exact,
      trend,
      await this.regionNames(trx),
      tiles,
      published,
    );
  }

  /** Charts (and the tile map of the nation) from cells; the published variant suppresses jointly. */
  private build(
    level: DashboardLevel,
    scope: Dashboard['scope'],
    d: ReportDate,
    values: Readonly<Record<string, number>>,
    trend: ReadonlyArray<{ date: string; cells: Readonly<Record<string, number>> }>,
    regionNames: Record<string, string>,
    tiles: ReadonlyArray<{ code: string; name: string; values: Record<string, number> }> | null,
    published: boolean,
  ): Dashboard {
    const exact =
      (cells: Readonly<Record<string, number>>): ValueOf =>
      (id) =>
        cells[id] ?? 0;
    const suppressed = (cells: Readonly<Record<string, number>>, year: number, extra?: ExtraCells): ValueOf => {
      const p = publishCells(cells, year, extra).values;
      return (id) => (id in p ? p[id]! : (cells[id] ?? 0));
    };
    const extra = tiles ? tileExtra(tiles) : undefined;
    const value = published ? suppressed(values, d.schoolYear, extra) : exact(values);
    const yearOf = (date: string) => Number(date.slice(0, 4)) - (date.slice(5) < '09-01' ? 1 : 0);
    const charts = buildCharts({
      present: Object.keys(values),
      value,
      regionNames,
      trend: trend.map((t) => ({
        schoolYear: schoolYearOfStart(yearOf(t.date)).label,
        asOf: t.date,
        value: t.date === d.asOf ? value : published ? suppressed(t.cells, yearOf(t.date)) : exact(t.cells),
      })),
    });
    const tileMap = tiles
      ? buildTileMap(tiles, (code, metric) => {
          const t = tiles.find((x) => x.code === code);
          if (!t) return 0;
          return published ? value(tileCell(code, metric)) : (t.values[metric] ?? 0);
        })
      : null;
    return {
      level,
      scope,
      asOf: d.asOf,
      schoolYear: schoolYearOfStart(d.schoolYear).label,
      published,
      charts,
      tileMap,
      totals: { pupils: value('1.16.2'), schools: values['x.schools'] ?? 0 },
      generatedAt: this.ctx.now().toISOString(),
    };
  }

  /**
   * Open data for everyone: the published (suppressed) tables and dashboard of the nation or one region (by its
   * KATOTTH code), from the built roll-ups. No personal data leaves: every pupil count below 5, and every number it
   * could be worked out from, is withheld; the reads are therefore not audited.
   */
  async openData(
    options: { date?: string | undefined; region?: string | undefined },
    what: 'report',
  ): Promise<RollupReport>;
  async openData(
    options: { date?: string | undefined; region?: string | undefined },
    what: 'dashboard',
  ): Promise<Dashboard>;
  async openData(
    options: { date?: string | undefined; region?: string | undefined },
    what: 'report' | 'dashboard',
  ): Promise<RollupReport | Dashboard> {
    const d = this.reports.resolveDate(options.date);
    return this.ctx.db.system(async (trx) => {
      const region = options.region ? await this.repo.regionByCode(trx, options.region) : undefined;
      if (options.region && !region) throw new AppError('NOT_FOUND');
      const level: RollupLevel = region ? 'region' : 'nation';
      const ministry = await trx
        .selectFrom('organisation')
        .select(['id', 'name', 'edrpou'])
        .where('kind', '=', 'ministry')
        .executeTakeFirstOrThrow();
      const target = region
        ? { id: region.id, name: region.name, edrpou: null, territory: region.territory_name, code: region.code }
        : { id: ministry.id, name: ministry.name, edrpou: ministry.edrpou, territory: 'Україна', code: null };
      const filter: ScopeFilter = region ? { regionId: region.id } : {};
      if (what === 'report') return this.reports.readRollup(trx, level, { ...target, filter }, d, true);
      const exact = await this.repo.rollupCells(trx, d.asOf, filter);
      if (Object.keys(exact).length === 0) throw new AppError('REPORT_NOT_BUILT');
      return this.rollupDashboard(trx, level, target, d, exact, filter, true);
    });
  }
}

/** Tile-map values (one per region and metric) tied to the national totals, for one joint suppression. */
export function tileExtra(tiles: ReadonlyArray<{ code: string; values: Record<string, number> }>): ExtraCells {
  const values = new Map<string, number>();
  const constraints: SumConstraint[] = [];
  for (const m of TILE_METRICS) {
    const parts = tiles.map((t) => tileCell(t.code, m.key));
    tiles.forEach((t, i) => values.set(parts[i]!, t.values[m.key] ?? 0));
    constraints.push({ total: m.cell, parts });
  }
  return { values, constraints };
}
