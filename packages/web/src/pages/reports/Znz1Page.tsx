import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Fact } from '../../components/fields';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { reports, znz1Path, type Znz1Report } from './api';
import { suppressedCount } from './cells';
import { Checks } from './Checks';
import { EnteredForm } from './EnteredForm';
import { FormTables } from './FormTables';
import { AsOf, ExportLinks, ReportControls } from './ReportControls';
import {
  dashboardPagePath,
  drillPagePath,
  readReportQuery,
  rollupPagePath,
  znz1PagePath,
  type ReportQuery,
} from './paths';

const load = (key: string, signal: AbortSignal) => {
  const [school = '', search = ''] = key.split('|');
  return reports.znz1(school, readReportQuery(new URLSearchParams(search)), { signal });
};

function Header({ report }: { report: Znz1Report }) {
  const t = useT();
  const h = report.header;
  const where = [h.location.settlement, h.location.hromada, h.location.raion, h.location.oblast]
    .filter(Boolean)
    .join(', ');
  return (
    <section aria-labelledby="header-title">
      <h2 id="header-title">{t('rep.header')}</h2>
      <dl className="card-grid">
        <Fact label={t('rep.h.edrpou')}>{h.edrpou ?? '—'}</Fact>
        <Fact label={t('rep.h.name')}>{h.name}</Fact>
        <Fact label={t('rep.h.location')}>
          {where || '—'}
          {h.location.katottg && (
            <>
              {' '}
              <code className="id">{h.location.katottg}</code>
            </>
          )}
        </Fact>
        <Fact label={t('rep.h.address')}>{h.location.address ?? '—'}</Fact>
        <Fact label={t('rep.h.locality')}>{h.locality ? `${h.locality.code} — ${h.locality.label}` : '—'}</Fact>
        <Fact label={t('rep.h.type')}>{h.schoolType?.label ?? '—'}</Fact>
        <Fact label={t('rep.h.ownership')}>{h.ownership ? `${h.ownership.code} — ${h.ownership.label}` : '—'}</Fact>
        <Fact label={t('rep.h.status')}>
          {h.status.label}
          {h.relocatedFrom && ` (${t('rep.h.relocatedFrom', { place: h.relocatedFrom })})`}
        </Fact>
        <Fact label={t('rep.h.ouo')}>{h.ouo ? h.ouo.name : '—'}</Fact>
      </dl>
    </section>
  );
}

/**
 * ZNZ-1 of a school as of a date: the header, the checks, every section with its numbers — each leading to the pupils
 * behind it for users who may see them —, the school's own entries (second shift, extended-day groups) marked and,
 * for the school, editable; downloads in XLSX, PDF and CSV.
 */
export default function Znz1Page() {
  const { schoolId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const t = useT();
  const me = useMe();
  const query = readReportQuery(search);
  const key = `${schoolId}|${search.toString()}`;
  const report = useResource(key, load);
  const data = report.state === 'ready' ? report.data : undefined;
  const [showEmpty, setShowEmpty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const saved = (at: string) => {
    setSavedAt(at);
    report.retry();
  };
  useDocumentTitle(data ? `${t('rep.znz1.title')} — ${data.header.name}` : t('rep.znz1.title'));
  const apply = (q: ReportQuery) => void navigate(znz1PagePath(schoolId, q));
  const drill = can(me, 'pupil:read') && !query.published;
  // Numbers the school entered have no pupils behind them: only the sections from records lead to pupils.
  const recordSections = (data?.layout ?? [])
    .filter((s) => s.source === 'records')
    .map((s) => s.n)
    .join(',');
  const linkFor = useCallback(
    (cell: string) =>
      drill && recordSections.split(',').includes(cell.split('.')[0]!) ? drillPagePath(schoolId, cell, query) : null,
    // `query` is read from the address; its date is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [drill, schoolId, query.date, recordSections],
  );
  const entered = new Set(data?.entered ?? []);
  const hidden = data ? suppressedCount(data.cells) : 0;
  const mayEnter = can(me, 'report:enter') && me?.organisation.id === data?.header.id && !query.published;
  const failed = data?.checks.filter((c) => !c.ok && c.severity === 'error') ?? [];
  return (
    <div className="page page--wide">
      <PageHeading ready={report.state !== 'loading'}>
        {t('rep.znz1.title')}
        {data && `: ${data.header.name}`}
      </PageHeading>
      {data && <AsOf asOf={data.asOf} schoolYear={data.schoolYear} published={data.published} />}
      <ReportControls key={key} query={query} onApply={apply} />
      {report.state === 'loading' && <Busy label={t('rep.loading')} />}
      {report.state === 'error' && <ErrorMessage error={report.error} onRetry={report.retry} />}
      {data && (
        <>
          <ExportLinks base={znz1Path(schoolId)} query={query} />
          <nav className="toolbar" aria-label={t('rep.related')}>
            <ul>
              <li>
                <Link to={dashboardPagePath('school', data.header.id, query)}>{t('rep.toDashboard')}</Link>
              </li>
              {data.header.ouo && (
                <li>
                  <Link to={rollupPagePath('ouo', data.header.ouo.id, { date: query.date })}>
                    {t('rep.toRvk', { name: data.header.ouo.name })}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          {failed.length > 0 && (
            <div className="notice notice--error" role="alert">
              <p>{t('rep.flagged', { count: failed.length })}</p>
            </div>
          )}
          {data.published && hidden > 0 && (
            <p className="notice notice--warning">{t('rep.suppressedNote', { count: hidden })}</p>
          )}
          <Header report={data} />
          <p className="registry-counts">
            {t('rep.registry', {
              pupils: data.registry.pupils,
              classes: data.registry.classes,
              errors: data.registry.blockingErrors,
            })}
          </p>
          <Checks checks={data.checks} />
          {drill && <p className="field-hint">{t('rep.drillHint')}</p>}
          <p className="field-hint">{t('rep.enteredLegend')}</p>
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
          <FormTables
            layout={data.layout}
            cells={data.cells}
            entered={entered}
            linkFor={linkFor}
            showEmpty={showEmpty}
          />
          {mayEnter && (
            <EnteredForm
              key={`${data.header.id}|${data.schoolYear}`}
              schoolId={data.header.id}
              schoolYear={data.schoolYear}
              layout={data.layout}
              cells={data.cells}
              entered={entered}
              onSaved={saved}
            />
          )}
        </>
      )}
      <div aria-live="polite">
        {savedAt && (
          <p role="status" className="notice notice--done">
            {t('rep.enter.saved', { at: formatDateTime(savedAt) })}
          </p>
        )}
      </div>
    </div>
  );
}
