import { isApiError } from '@aikom/sdk';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Chart } from '../../components/charts/Chart';
import { OblastTileMap } from '../../components/charts/OblastTileMap';
import { SelectField } from '../../components/fields';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { reports, type DashboardChart, type DashboardLevel, type TileMapData } from './api';
import { RefreshPanel } from './RefreshPanel';
import { AsOf, ReportControls } from './ReportControls';
import {
  dashboardPagePath,
  isDashboardLevel,
  readReportQuery,
  rollupPagePath,
  znz1PagePath,
  type ReportQuery,
} from './paths';

const load = (key: string, signal: AbortSignal) => {
  const [level = 'nation', id = '', search = ''] = key.split('|');
  return reports.dashboard(level as DashboardLevel, id || undefined, readReportQuery(new URLSearchParams(search)), {
    signal,
  });
};

const TITLE = {
  school: 'rep.dash.school',
  ouo: 'rep.dash.ouo',
  region: 'rep.dash.region',
  nation: 'rep.dash.nation',
} as const;

/** One chart of the dashboard: drawn by the shared ECharts wrapper, which also renders it as a table. */
function DashboardFigure({ chart }: { chart: DashboardChart }) {
  const t = useT();
  const categories = useMemo(() => chart.categories.map((c) => c.label), [chart]);
  const series = useMemo(() => chart.series.map((s) => ({ name: s.label, values: s.data })), [chart]);
  const suppressed = chart.series.some((s) => s.data.some((v) => v === null));
  if (chart.categories.length === 0)
    return (
      <div className="dashboard__chart" data-chart={chart.id}>
        <figure className="chart">
          <figcaption className="chart__title">{chart.title}</figcaption>
          <p className="field-hint">{t('rep.dash.empty')}</p>
        </figure>
      </div>
    );
  return (
    <div className="dashboard__chart" data-chart={chart.id}>
      <Chart
        title={chart.title}
        kind={chart.kind === 'line' ? 'line' : 'bar'}
        categories={categories}
        categoryLabel={chart.table.columns[0]?.label ?? ''}
        series={series}
      />
      {suppressed && <p className="field-hint">{t('rep.dash.suppressed')}</p>}
      {chart.notes.map((n) => (
        <p key={n} className="field-hint">
          {n}
        </p>
      ))}
    </div>
  );
}

/** The 27 regions coloured by one measure at a time (pupils, displaced, lost contact, errors). */
function TileMapPanel({ map, query }: { map: TileMapData; query: ReportQuery }) {
  const t = useT();
  const [metric, setMetric] = useState(map.metrics[0]?.key ?? 'pupils');
  const label = map.metrics.find((m) => m.key === metric)?.label ?? metric;
  const values = useMemo(
    () =>
      map.tiles.map((tile) => ({
        key: tile.code,
        value: tile.values[metric] ?? null,
        href: dashboardPagePath('region', tile.code, query),
      })),
    [map, metric, query],
  );
  const max = Math.max(1, ...values.map((v) => v.value ?? 0));
  return (
    <section aria-labelledby="tile-map-title" className="dashboard__map">
      <h2 id="tile-map-title">{t('rep.dash.map')}</h2>
      <SelectField
        id="tile-metric"
        label={t('rep.dash.metric')}
        value={metric}
        onChange={setMetric}
        options={map.metrics.map((m) => ({ value: m.key, label: m.label }))}
      />
      <OblastTileMap
        title={`${t('rep.dash.map')}: ${label}`}
        values={values}
        valueLabel={label}
        min={0}
        max={max}
        format={(v) => String(Math.round(v))}
      />
      {map.notes.map((n) => (
        <p key={n} className="field-hint">
          {n}
        </p>
      ))}
    </section>
  );
}

/**
 * The dashboard of a school, an ОУО, a region or the nation: pupils by grade and by form of education, displacement
 * (internal by region of origin, external by country), lost contact, data quality, the trend across school years
 * and, for the nation, the tile map of the regions. The published variant suppresses small numbers.
 */
export default function DashboardPage({ fixedLevel }: { fixedLevel?: DashboardLevel }) {
  const params = useParams();
  const level: DashboardLevel = fixedLevel ?? (isDashboardLevel(params.level) ? params.level : 'nation');
  const id = level === 'nation' ? undefined : params.id;
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const t = useT();
  const query = readReportQuery(search);
  const key = `${level}|${id ?? ''}|${search.toString()}`;
  const dash = useResource(key, load);
  const data = dash.state === 'ready' ? dash.data : undefined;
  useDocumentTitle(data ? `${t(TITLE[level])} — ${data.scope.name}` : t(TITLE[level]));
  const apply = (q: ReportQuery) => void navigate(dashboardPagePath(level, id, q));
  const notBuilt = dash.state === 'error' && isApiError(dash.error) && dash.error.code === 'REPORT_NOT_BUILT';
  const reportPath = data
    ? level === 'school'
      ? znz1PagePath(data.scope.id, query)
      : rollupPagePath(level, data.scope.id, query)
    : null;
  return (
    <div className="page page--wide">
      <PageHeading ready={dash.state !== 'loading'}>
        {t(TITLE[level])}
        {data && `: ${data.scope.name}`}
      </PageHeading>
      {data && <AsOf asOf={data.asOf} schoolYear={data.schoolYear} published={data.published} />}
      <ReportControls key={key} query={query} onApply={apply} />
      {dash.state === 'loading' && <Busy label={t('rep.loading')} />}
      {notBuilt ? (
        <div className="notice notice--warning">
          <p>{t('rep.notBuilt')}</p>
          <RefreshPanel date={query.date} regionId={level === 'region' ? id : undefined} onDone={dash.retry} />
        </div>
      ) : (
        dash.state === 'error' && <ErrorMessage error={dash.error} onRetry={dash.retry} />
      )}
      {data && (
        <>
          {reportPath && (
            <p>
              <Link to={reportPath}>{level === 'school' ? t('rep.toZnz1') : t('rep.toRollup')}</Link>
            </p>
          )}
          <dl className="card-grid dashboard__totals">
            <div className="fact">
              <dt>{t('rep.dash.pupils')}</dt>
              <dd>{data.totals.pupils ?? 'к'}</dd>
            </div>
            <div className="fact">
              <dt>{t('rep.dash.schools')}</dt>
              <dd>{data.totals.schools ?? 'к'}</dd>
            </div>
          </dl>
          {data.tileMap && <TileMapPanel map={data.tileMap} query={query} />}
          <div className="dashboard__grid">
            {data.charts.map((c) => (
              <DashboardFigure key={c.id} chart={c} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
