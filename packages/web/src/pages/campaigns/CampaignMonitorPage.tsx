import { useMemo, useState } from 'react';
import { Link, Navigate, useLocation, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Chart } from '../../components/charts/Chart';
import { OblastTileMap } from '../../components/charts/OblastTileMap';
import { useT } from '../../i18n/I18nProvider';
import './campaigns.css';
import { formatDate, formatDateTime } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { can, ownSchoolId } from '../../lib/permissions';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { campaignsApi, type RollupRow, type SchoolState, type Summary } from './campaignApi';
import { daysLeftText, Progress, scopeText, StatusBadge } from './parts';
import { useLive } from './useLive';

/** How many not-yet-confirmed schools are listed at once (the export has them all). */
const OVERDUE_SHOWN = 100;

const loadSummary = (id: string, signal: AbortSignal) => campaignsApi.summary(id, { signal });
const loadOuos = (key: string, signal: AbortSignal) => {
  const [id, regionId] = key.split('|', 2) as [string, string];
  return campaignsApi.rollup(id, 'ouo', regionId, { signal }).then((r) => r.items);
};
const loadSchools = (key: string, signal: AbortSignal) => {
  const [id, ouoId] = key.split('|', 2) as [string, string];
  return campaignsApi.schools(id, ouoId ? { ouoId } : {}, { signal }).then((r) => r.items);
};
const loadOverdue = (id: string, signal: AbortSignal) =>
  campaignsApi.schools(id, { overdue: true, limit: OVERDUE_SHOWN }, { signal });
const loadTimeline = (id: string, signal: AbortSignal) => campaignsApi.timeline(id, { signal }).then((r) => r.items);
const loadMap = (id: string, signal: AbortSignal) => campaignsApi.map(id, { signal }).then((r) => r.items);

/**
 * Monitoring of a campaign for the ОУО, the region and the ministry, refreshed every few seconds: totals, the
 * roll-up one level below the user (regions → ОУО → schools, each a drill-down, `?region=` / `?ouo=` in the address),
 * the schools that have not confirmed (overdue marked), completion over time, the oblast tile map, the XLSX export
 * and, for those who may, «Надіслати нагадування» to the schools that have not confirmed.
 */
export default function CampaignMonitorPage() {
  const { id = '' } = useParams();
  const t = useT();
  const me = useMe();
  const school = ownSchoolId(me);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const summary = useLive(school ? null : id, loadSummary);
  useDocumentTitle(summary.data?.campaign.title ?? t('camp.monitor.title'));
  // A school's people work on their own school's page.
  if (school) return <Navigate to={`/campaigns/${id}/schools/${school}`} replace />;
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/campaigns">{t('camp.backToList')}</Link>
      </p>
      <PageHeading ready={!summary.loading}>{summary.data?.campaign.title ?? t('camp.monitor.title')}</PageHeading>
      {notice && (
        <p role="status" className="status-line status-line--done">
          {notice}
        </p>
      )}
      {summary.loading && <Busy />}
      {!summary.loading && !summary.data && <ErrorMessage error={summary.error} onRetry={summary.reload} />}
      {summary.data && <Monitor summary={summary.data} at={summary.at} stale={summary.stale} />}
    </div>
  );
}

function Monitor({ summary, at, stale }: { summary: Summary; at: Date | null; stale: boolean }) {
  const t = useT();
  const me = useMe();
  const { campaign, totals } = summary;
  const [params] = useSearchParams();
  const regionId = params.get('region');
  const ouoId = params.get('ouo');
  const mayRemind = can(me, 'campaign:manage') || me?.role === 'ouo_admin' || me?.role === 'ouo_specialist';

  // What the drill-down shows: the top roll-up, a region's ОУО, or an ОУО's schools.
  const view: 'top' | 'ouos' | 'schools' = ouoId || summary.level === 'school' ? 'schools' : regionId ? 'ouos' : 'top';
  const ouos = useLive(view === 'ouos' && regionId ? `${campaign.id}|${regionId}` : null, loadOuos);
  const schools = useLive(view === 'schools' ? `${campaign.id}|${ouoId ?? ''}` : null, loadSchools);

  return (
    <>
      <dl className="facts">
        <div className="fact">
          <dt>{t('camp.col.deadline')}</dt>
          <dd>
            {formatDate(campaign.deadline)} ({daysLeftText(t, summary.daysLeft)})
          </dd>
        </div>
        <div className="fact">
          <dt>{t('camp.col.scope')}</dt>
          <dd>{scopeText(t, campaign)}</dd>
        </div>
        <div className="fact">
          <dt>{t('camp.monitor.rules')}</dt>
          <dd>{t('camp.monitor.rulesText', { count: campaign.requiredRules.length })}</dd>
        </div>
      </dl>
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t('camp.monitor.totals')}</h2>
        <Progress value={totals.completion} label={t('camp.monitor.completion')}>
          {t('camp.monitor.pupilsText', { done: totals.done, pupils: totals.pupils })}
        </Progress>
        {campaign.requiresConfirmation && (
          <Progress value={totals.confirmation} label={t('camp.monitor.confirmation')}>
            {t('camp.monitor.schoolsText', { confirmed: totals.confirmed, schools: totals.schools })}
          </Progress>
        )}
        <p className="note" aria-live="off">
          {at ? t('camp.monitor.updated', { at: formatDateTime(at.toISOString()).slice(11) || '' }) : ''}
          {stale ? ` ${t('camp.monitor.stale')}` : ''}
        </p>
        <p className="campaign-actions">
          <a className="button-link button-link--secondary" href={campaignsApi.exportUrl(campaign.id)} download>
            {t('camp.monitor.export')}
          </a>
          {mayRemind && <RemindButton campaignId={campaign.id} />}
        </p>
      </section>

      <section aria-labelledby="rollup-title">
        <h2 id="rollup-title">{t('camp.monitor.progressBy')}</h2>
        <Breadcrumbs summary={summary} regionId={regionId} ouoId={ouoId} ouoRows={ouos.data} />
        {view === 'top' && <RollupTable summary={summary} rows={summary.rows} level={summary.level} />}
        {view === 'ouos' &&
          (ouos.data ? (
            <RollupTable summary={summary} rows={ouos.data} level="ouo" />
          ) : ouos.loading ? (
            <Busy />
          ) : (
            <ErrorMessage error={ouos.error} onRetry={ouos.reload} />
          ))}
        {view === 'schools' &&
          (schools.data ? (
            <SchoolsTable campaignId={campaign.id} rows={schools.data} caption={t('camp.monitor.bySchool')} />
          ) : schools.loading ? (
            <Busy />
          ) : (
            <ErrorMessage error={schools.error} onRetry={schools.reload} />
          ))}
      </section>

      <Overdue campaignId={campaign.id} requiresConfirmation={campaign.requiresConfirmation} />
      <Timeline campaignId={campaign.id} />
      {summary.level === 'region' && <RegionMap campaignId={campaign.id} />}
    </>
  );
}

function Breadcrumbs({
  summary,
  regionId,
  ouoId,
  ouoRows,
}: {
  summary: Summary;
  regionId: string | null;
  ouoId: string | null;
  ouoRows: RollupRow[] | undefined;
}) {
  const t = useT();
  if (!regionId && !ouoId) return null;
  const base = `/campaigns/${summary.campaign.id}`;
  const region = regionId ? summary.rows.find((r) => r.id === regionId) : undefined;
  const ouo = ouoId ? (ouoRows ?? summary.rows).find((r) => r.id === ouoId) : undefined;
  return (
    <nav aria-label={t('camp.monitor.drill')} className="breadcrumbs">
      <ol>
        <li>
          <Link to={base}>{t(summary.level === 'region' ? 'camp.monitor.allRegions' : 'camp.monitor.allOuos')}</Link>
        </li>
        {regionId && (
          <li>
            {ouoId ? (
              <Link to={`${base}?region=${regionId}`}>{region?.name ?? t('camp.monitor.region')}</Link>
            ) : (
              <span aria-current="page">{region?.name ?? t('camp.monitor.region')}</span>
            )}
          </li>
        )}
        {ouoId && (
          <li>
            <span aria-current="page">{ouo?.name ?? t('camp.monitor.ouo')}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}

function RollupTable({ summary, rows, level }: { summary: Summary; rows: RollupRow[]; level: Summary['level'] }) {
  const t = useT();
  const [params] = useSearchParams();
  const base = `/campaigns/${summary.campaign.id}`;
  const regionId = params.get('region');
  const href = (r: RollupRow) =>
    level === 'region' ? `${base}?region=${r.id}` : `${base}?${regionId ? `region=${regionId}&` : ''}ouo=${r.id}`;
  const caption = t(level === 'region' ? 'camp.monitor.byRegion' : 'camp.monitor.byOuo');
  if (rows.length === 0) return <p>{t('camp.monitor.noRows')}</p>;
  return (
    <table className="table campaign-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t(level === 'region' ? 'camp.col.region' : 'camp.col.ouo')}</th>
          <th scope="col" className="num">
            {t('camp.col.schools')}
          </th>
          <th scope="col" className="num">
            {t('camp.col.confirmed')}
          </th>
          <th scope="col">{t('camp.col.completion')}</th>
          <th scope="col" className="num">
            {t('camp.col.late')}
          </th>
          <th scope="col" className="num">
            {t('camp.col.reopened')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const done = summary.campaign.requiresConfirmation
            ? r.schoolsConfirmed === r.schools
            : r.schoolsComplete === r.schools;
          return (
            <tr key={r.id} className={done ? 'campaign-row--done' : undefined}>
              <th scope="row">
                <Link to={href(r)}>{r.name}</Link>
                {done && <span className="badge campaign-status campaign-status--confirmed">{t('camp.allDone')}</span>}
              </th>
              <td className="num">{r.schools}</td>
              <td className="num">
                {r.schoolsConfirmed} ({r.confirmation} %)
              </td>
              <td>
                <span className="score">
                  <progress max={100} value={r.completion} aria-hidden="true" className="campaign-progress__small" />
                  <span className="score__value">{r.completion} %</span>
                </span>
              </td>
              <td className="num">{r.schoolsLate}</td>
              <td className="num">{r.schoolsReopened}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SchoolsTable({ campaignId, rows, caption }: { campaignId: string; rows: SchoolState[]; caption: string }) {
  const t = useT();
  if (rows.length === 0) return <p>{t('camp.monitor.noRows')}</p>;
  return (
    <table className="table campaign-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('camp.col.school')}</th>
          <th scope="col" className="num">
            {t('camp.col.pupils')}
          </th>
          <th scope="col">{t('camp.col.completion')}</th>
          <th scope="col">{t('camp.col.state')}</th>
          <th scope="col">{t('camp.col.confirmedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.schoolId} className={s.status === 'confirmed' ? 'campaign-row--done' : undefined}>
            <th scope="row">
              <Link to={`/campaigns/${campaignId}/schools/${s.schoolId}`}>{s.name}</Link>
            </th>
            <td className="num">
              {s.pupilsDone} / {s.pupils}
            </td>
            <td>
              <span className="score">
                <progress max={100} value={s.completion} aria-hidden="true" className="campaign-progress__small" />
                <span className="score__value">{s.completion} %</span>
              </span>
            </td>
            <td>
              <StatusBadge status={s.status} late={s.confirmedLate} />
              {s.overdue && <span className="badge campaign-status campaign-status--overdue">{t('camp.overdue')}</span>}
            </td>
            <td>{formatDateTime(s.confirmedAt) || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Overdue({ campaignId, requiresConfirmation }: { campaignId: string; requiresConfirmation: boolean }) {
  const t = useT();
  const list = useLive(campaignId, loadOverdue, 10_000);
  const rows = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const overdue = rows.filter((s) => s.overdue);
  return (
    <section aria-labelledby="overdue-title">
      <h2 id="overdue-title">
        {t(requiresConfirmation ? 'camp.monitor.notConfirmed' : 'camp.monitor.notComplete')}{' '}
        {list.data && <span className="count">({total})</span>}
      </h2>
      {list.loading && <Busy />}
      {!list.loading && !list.data && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data &&
        (rows.length === 0 ? (
          <p className="status-item status-item--clear">{t('camp.monitor.noneLeft')}</p>
        ) : (
          <>
            {overdue.length > 0 && (
              <p>
                {t(rows.length < total ? 'camp.monitor.overdueShown' : 'camp.monitor.overdueCount', {
                  count: overdue.length,
                })}
              </p>
            )}
            <SchoolsTable campaignId={campaignId} rows={rows} caption={t('camp.monitor.notConfirmed')} />
            {rows.length < total && (
              <p className="note">{t('camp.monitor.moreInExport', { shown: rows.length, count: total })}</p>
            )}
          </>
        ))}
    </section>
  );
}

function Timeline({ campaignId }: { campaignId: string }) {
  const t = useT();
  const timeline = useLive(campaignId, loadTimeline, 10_000);
  const points = timeline.data;
  const categories = useMemo(() => (points ?? []).map((p) => formatDate(p.day)), [points]);
  const series = useMemo(
    () => [
      { name: t('camp.monitor.completion'), values: (points ?? []).map((p) => p.completion) },
      { name: t('camp.monitor.confirmation'), values: (points ?? []).map((p) => p.confirmation) },
    ],
    [points, t],
  );
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('camp.monitor.timeline')}</h2>
      {timeline.loading && <Busy />}
      {!timeline.loading && !points && <ErrorMessage error={timeline.error} onRetry={timeline.reload} />}
      {points && (
        <Chart
          kind="line"
          title={t('camp.monitor.timelineCaption')}
          categories={categories}
          categoryLabel={t('camp.col.day')}
          series={series}
          max={100}
          format={(v) => `${v} %`}
        />
      )}
    </section>
  );
}

function RegionMap({ campaignId }: { campaignId: string }) {
  const t = useT();
  const map = useLive(campaignId, loadMap, 15_000);
  const values = useMemo(
    () =>
      (map.data ?? []).map((r) => ({
        key: r.katottg ?? r.regionId,
        value: r.schools > 0 ? r.completion : null,
        name: r.name,
        detail: t('camp.monitor.mapDetail', { count: r.schools, confirmation: r.confirmation }),
        href: `/campaigns/${campaignId}?region=${r.regionId}`,
      })),
    [map.data, campaignId, t],
  );
  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title">{t('camp.monitor.map')}</h2>
      {map.loading && <Busy />}
      {!map.loading && !map.data && <ErrorMessage error={map.error} onRetry={map.reload} />}
      {map.data && (
        <OblastTileMap title={t('camp.monitor.mapCaption')} values={values} valueLabel={t('camp.monitor.completion')} />
      )}
    </section>
  );
}

function RemindButton({ campaignId }: { campaignId: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await campaignsApi.remind(campaignId);
      setResult(t(r.smtp ? 'camp.remind.sent' : 'camp.remind.queued', { count: r.schools, emails: r.emails }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button" disabled={busy} onClick={() => void send()}>
        {t('camp.remind.button')}
      </button>
      {busy && <Busy label={t('camp.remind.sending')} />}
      <span role="status" className="status-line status-line--done">
        {result}
      </span>
      {error && (
        <span role="alert" className="error-message">
          {error}
        </span>
      )}
    </>
  );
}
