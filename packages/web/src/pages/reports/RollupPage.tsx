import { isApiError } from '@aikom/sdk';
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { reports, rollupPath, type RollupLevel, type RollupReport } from './api';
import { suppressedCount } from './cells';
import { Checks } from './Checks';
import { FormTables } from './FormTables';
import { RefreshPanel } from './RefreshPanel';
import { AsOf, ExportLinks, ReportControls } from './ReportControls';
import {
  dashboardPagePath,
  isRollupLevel,
  readReportQuery,
  rollupDrillPagePath,
  rollupPagePath,
  znz1PagePath,
  type ReportQuery,
} from './paths';

const load = (key: string, signal: AbortSignal) => {
  const [level = 'nation', id = '', search = ''] = key.split('|');
  return reports.rollup(level as RollupLevel, id || undefined, readReportQuery(new URLSearchParams(search)), {
    signal,
  });
};

const TITLE = { ouo: 'rep.rvk.title', region: 'rep.region.title', nation: 'rep.nation.title' } as const;

function Coverage({ report }: { report: RollupReport }) {
  const t = useT();
  const c = report.coverage;
  return (
    <p className={c.stale > 0 || c.included < c.schools ? 'notice notice--warning' : 'notice'}>
      {t('rep.coverage', { included: c.included, schools: c.schools })}
      {c.stale > 0 && <> {t('rep.coverageStale', { count: c.stale })}</>}
      {c.builtAt && <> {t('rep.coverageBuilt', { at: formatDateTime(c.builtAt) })}</>}
    </p>
  );
}

function Schools({ report, query }: { report: RollupReport; query: ReportQuery }) {
  const t = useT();
  if (report.schools.length === 0) return null;
  return (
    <section aria-labelledby="schools-title">
      <h2 id="schools-title">{t('rep.schools')}</h2>
      <table className="table">
        <caption className="visually-hidden">{t('rep.schools')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rep.sch.name')}</th>
            <th scope="col">{t('rep.h.edrpou')}</th>
            <th scope="col" className="num">
              {t('rep.sch.classes')}
            </th>
            <th scope="col" className="num">
              {t('rep.sch.pupils')}
            </th>
            <th scope="col" className="num">
              {t('rep.sch.registry')}
            </th>
            <th scope="col" className="num">
              {t('rep.sch.errors')}
            </th>
            <th scope="col">{t('rep.sch.consistent')}</th>
          </tr>
        </thead>
        <tbody>
          {report.schools.map((s) => (
            <tr key={s.id}>
              <th scope="row" data-label={t('rep.sch.name')}>
                <Link to={znz1PagePath(s.id, { ...(query.date ? { date: query.date } : {}) })}>{s.name}</Link>
              </th>
              <td data-label={t('rep.h.edrpou')}>{s.edrpou ?? '—'}</td>
              <td className="num" data-label={t('rep.sch.classes')}>
                {s.classes}
              </td>
              <td className="num" data-label={t('rep.sch.pupils')}>
                {s.pupils}
              </td>
              <td className="num" data-label={t('rep.sch.registry')}>
                {s.registryPupils}
              </td>
              <td className="num" data-label={t('rep.sch.errors')}>
                {s.blockingErrors}
              </td>
              <td data-label={t('rep.sch.consistent')}>
                {s.consistent ? t('rep.yes') : <span className="badge badge--error">{t('rep.no')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Flagged({ report, query }: { report: RollupReport; query: ReportQuery }) {
  const t = useT();
  if (report.flagged.length === 0) return null;
  return (
    <section aria-labelledby="flagged-title" className="notice notice--warning">
      <h2 id="flagged-title">{t('rep.flaggedSchools', { count: report.flagged.length })}</h2>
      <ul>
        {report.flagged.map((s) => (
          <li key={s.id}>
            <Link to={znz1PagePath(s.id, { ...(query.date ? { date: query.date } : {}) })}>{s.name}</Link>
            {' — '}
            {t('rep.flaggedLine', { errors: s.blockingErrors, pupils: s.pupils })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Regions({ report, query }: { report: RollupReport; query: ReportQuery }) {
  const t = useT();
  if (report.regions.length === 0) return null;
  return (
    <section aria-labelledby="regions-title">
      <h2 id="regions-title">{t('rep.regions')}</h2>
      <table className="table table--compact">
        <caption className="visually-hidden">{t('rep.regions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rep.reg.name')}</th>
            <th scope="col" className="num">
              {t('rep.sch.pupils')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.regions.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={rollupPagePath('region', r.id, query)}>{r.name}</Link>
              </th>
              <td className="num">{r.pupils === null ? 'к' : r.pupils}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * 76-РВК of an ОУО (the sums of its schools' ZNZ-1, rebuilt first where a school changed), and the same tables of a
 * region or the nation from the built roll-up, with coverage, the checks, the schools flagged for open errors, the
 * schools (or regions) behind the sums, and each number leading to the schools behind it.
 */
export default function RollupPage({ fixedLevel }: { fixedLevel?: RollupLevel }) {
  const params = useParams();
  const level: RollupLevel = fixedLevel ?? (isRollupLevel(params.level) ? params.level : 'nation');
  const id = level === 'nation' ? undefined : params.id;
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const t = useT();
  const query = readReportQuery(search);
  const key = `${level}|${id ?? ''}|${search.toString()}`;
  const report = useResource(key, load);
  const data = report.state === 'ready' ? report.data : undefined;
  const [showEmpty, setShowEmpty] = useState(false);
  useDocumentTitle(data ? `${t(TITLE[level])} — ${data.header.name}` : t(TITLE[level]));
  const apply = (q: ReportQuery) => void navigate(rollupPagePath(level, id, q));
  const linkFor = useCallback(
    (cell: string) => (query.published ? null : rollupDrillPagePath(level, id, cell, query)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [level, id, query.date, query.published],
  );
  const notBuilt = report.state === 'error' && isApiError(report.error) && report.error.code === 'REPORT_NOT_BUILT';
  const hidden = data ? suppressedCount(data.cells) : 0;
  return (
    <div className="page page--wide">
      <PageHeading ready={report.state !== 'loading'}>
        {t(TITLE[level])}
        {data && `: ${data.header.name}`}
      </PageHeading>
      {data && <AsOf asOf={data.asOf} schoolYear={data.schoolYear} published={data.published} />}
      <ReportControls key={key} query={query} onApply={apply} />
      {report.state === 'loading' && <Busy label={t('rep.loading')} />}
      {notBuilt ? (
        <div className="notice notice--warning">
          <p>{t('rep.notBuilt')}</p>
          <RefreshPanel date={query.date} regionId={level === 'region' ? id : undefined} onDone={report.retry} />
        </div>
      ) : (
        report.state === 'error' && <ErrorMessage error={report.error} onRetry={report.retry} />
      )}
      {data && (
        <>
          <ExportLinks base={rollupPath(level, id)} query={query} />
          <nav className="toolbar" aria-label={t('rep.related')}>
            <ul>
              <li>
                <Link to={dashboardPagePath(level, data.header.id, query)}>{t('rep.toDashboard')}</Link>
              </li>
            </ul>
          </nav>
          <Coverage report={data} />
          {level !== 'ouo' && (
            <RefreshPanel
              date={query.date}
              regionId={level === 'region' ? data.header.id : undefined}
              onDone={report.retry}
            />
          )}
          {data.published && hidden > 0 && (
            <p className="notice notice--warning">{t('rep.suppressedNote', { count: hidden })}</p>
          )}
          <Flagged report={data} query={query} />
          <Checks checks={data.checks} />
          <Schools report={data} query={query} />
          <Regions report={data} query={query} />
          {!query.published && <p className="field-hint">{t('rep.drillSchoolsHint')}</p>}
          <div className="field field--checkbox">
            <input
              id="show-empty"
              type="checkbox"
              className="field-checkbox"
              checked={showEmpty}
              onChange={(e) => setShowEmpty(e.target.checked)}
            />
            <label htmlFor="show-empty" className="field-checkbox-label">
              {t('rep.showEmpty')}
            </label>
          </div>
          <FormTables layout={data.layout} cells={data.cells} linkFor={linkFor} showEmpty={showEmpty} />
        </>
      )}
    </div>
  );
}
