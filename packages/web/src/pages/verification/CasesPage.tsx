import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Chart } from '../../components/charts/Chart';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { can } from '../../lib/permissions';
import { useMe } from '../../lib/useSession';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import {
  CASE_REASONS,
  CASE_STATUSES,
  verification,
  type CaseSummary,
  type Dashboard,
  type Detection,
  type Page,
} from './api';
import {
  caseStatusLabel,
  dateOrDash,
  failureText,
  fullName,
  JobProgress,
  reasonLabel,
  watchJob,
  type JobState,
} from './shared';

const loadDashboard = (_key: string, signal: AbortSignal) => verification.dashboard({ signal });
const loadCases = async (key: string, signal: AbortSignal) => {
  const [status, reason, cursor] = key.split('|') as [string, string, string, string];
  return verification.cases(
    { ...(status ? { status } : {}), ...(reason ? { reason } : {}), ...(cursor ? { cursor } : {}), limit: 50 },
    { signal },
  );
};

/**
 * «Потенційно зниклі діти»: the ministry's verification officer runs a check (a job with a progress bar) and hands the
 * new cases to the ОУО of each child's residence; the officer and the ОУО's case workers see the cases in their scope
 * by region and status, filter them by category (reason) and status, and open one to work on it.
 */
export default function CasesPage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(t('ver.cases.title'));
  const [reload, setReload] = useState(0);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const dashboard = useResource(`dashboard-${reload}`, loadDashboard);
  const officer = can(me, 'verification:manage');
  return (
    <div className="page page--wide">
      {officer && (
        <p className="back-link">
          <Link to="/verification">← {t('ver.title')}</Link>
        </p>
      )}
      <PageHeading>{t('ver.cases.title')}</PageHeading>
      <p className="lead">{t('ver.cases.lead')}</p>
      {officer && <DetectionPanel onChanged={refresh} />}
      <section aria-labelledby="dashboard-title" aria-busy={dashboard.state === 'loading'}>
        <h2 id="dashboard-title">{t('ver.dashboard.title')}</h2>
        {dashboard.state === 'loading' && <Busy />}
        {dashboard.state === 'error' && <ErrorMessage error={dashboard.error} onRetry={dashboard.retry} />}
        {dashboard.state === 'ready' && <DashboardView data={dashboard.data} />}
      </section>
      <CaseList key={reload} />
    </div>
  );
}

function DetectionPanel({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const id = useId();
  const [lost, setLost] = useState('30');
  const [transit, setTransit] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [job, setJob] = useState<JobState | null>(null);
  const [detection, setDetection] = useState<Detection | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busyAll, setBusyAll] = useState(false);
  const whole = (v: string, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max;

  const run = async (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!whole(lost, 730)) next[`${id}-lost`] = t('ver.detect.daysInvalid', { max: 730 });
    if (transit.trim() && !whole(transit, 365)) next[`${id}-transit`] = t('ver.detect.daysInvalid', { max: 365 });
    setErrors(next);
    setAttempt((n) => n + 1);
    if (Object.keys(next).length > 0) return;
    setMessage(null);
    setDetection(null);
    setJob({ kind: 'verification.detect', done: 0, total: null, note: null });
    try {
      const queued = await verification.detect({
        lostContactDays: Number(lost),
        ...(transit.trim() ? { transitDays: Number(transit) } : {}),
      });
      await watchJob(queued.jobId, setJob);
      setDetection(await verification.detection(queued.detectionId!));
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: failureText(t, error) });
    }
    setJob(null);
  };

  const handOver = async () => {
    if (!detection) return;
    setMessage(null);
    try {
      const r = await verification.handOver({ detectionId: detection.id });
      setMessage({ ok: true, text: t('ver.handover.done', { count: r.handedOver }) });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: failureText(t, error) });
    }
  };

  /** Every open case not handed over yet (e.g. of an earlier check), page by page, then handed over in batches. */
  const handOverAll = async () => {
    setMessage(null);
    setBusyAll(true);
    try {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await verification.cases({ handedOver: false, limit: 200, ...(cursor ? { cursor } : {}) });
        ids.push(...page.items.filter((c) => c.ouo && !c.closedAt).map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      let count = 0;
      for (let i = 0; i < ids.length; i += 1000)
        count += (await verification.handOver({ caseIds: ids.slice(i, i + 1000) })).handedOver;
      setMessage({ ok: true, text: t('ver.handover.done', { count }) });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: failureText(t, error) });
    }
    setBusyAll(false);
  };

  const stats = detection?.stats as
    | {
        opened?: number;
        updated?: number;
        unchanged?: number;
        withoutOuo?: number;
        candidates?: Record<string, number>;
      }
    | undefined;
  const summary: SummaryItem[] = Object.entries(errors).map(([field, m]) => ({ field, message: m }));
  return (
    <section aria-labelledby={`${id}-title`} className="form-section">
      <h2 id={`${id}-title`}>{t('ver.detect.title')}</h2>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void run(e)} noValidate>
        <div className="field-row">
          <TextField
            id={`${id}-lost`}
            label={t('ver.detect.lostContactDays')}
            value={lost}
            onChange={setLost}
            inputMode="numeric"
            width="short"
            error={errors[`${id}-lost`]}
          />
          <TextField
            id={`${id}-transit`}
            label={t('ver.detect.transitDays')}
            value={transit}
            onChange={setTransit}
            inputMode="numeric"
            width="short"
            required={false}
            error={errors[`${id}-transit`]}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={job !== null}>
            {t('ver.detect.submit')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={job !== null || busyAll}
            onClick={() => void handOverAll()}
          >
            {t('ver.handover.all')}
          </button>
        </div>
      </form>
      {job && <JobProgress state={job} />}
      {busyAll && <Busy />}
      {stats && (
        <div className="notice notice--done" role="status">
          <p>
            {t('ver.detect.done', {
              opened: stats.opened ?? 0,
              updated: stats.updated ?? 0,
              unchanged: stats.unchanged ?? 0,
              withoutOuo: stats.withoutOuo ?? 0,
            })}
          </p>
          {stats.candidates && (
            <>
              <p>{t('ver.detect.candidates')}:</p>
              <ul>
                {CASE_REASONS.map((r) => (
                  <li key={r}>
                    {reasonLabel(t, r)}: {stats.candidates?.[r] ?? 0}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <button type="button" className="button" onClick={() => void handOver()}>
              {t('ver.handover.submit')}
            </button>
          </p>
        </div>
      )}
      {message && (
        <p
          className={message.ok ? 'notice notice--done' : 'notice notice--error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}

function DashboardView({ data }: { data: Dashboard }) {
  const t = useT();
  const statuses = data.statuses.map((s) => s.code);
  return (
    <>
      <p>
        <strong>{t('ver.dashboard.total', { total: data.total })}</strong>
      </p>
      <div className="cards">
        <table className="table table--compact">
          <caption>{t('ver.list.status')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ver.list.status')}</th>
              <th scope="col">{t('ver.dashboard.count')}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => (
              <tr key={s}>
                <th scope="row">{caseStatusLabel(t, s)}</th>
                <td>{data.byStatus[s] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table table--compact">
          <caption>{t('ver.dashboard.byReason')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ver.list.reason')}</th>
              <th scope="col">{t('ver.dashboard.count')}</th>
            </tr>
          </thead>
          <tbody>
            {data.byReason.map((r) => (
              <tr key={r.code}>
                <th scope="row">{reasonLabel(t, r.code, r.label)}</th>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.byRegion.length > 0 && (
        <Chart
          title={t('ver.dashboard.chart')}
          kind="bar"
          categories={data.chart.categories}
          categoryLabel={t('ver.dashboard.region')}
          series={data.chart.series.map((s) => ({ name: caseStatusLabel(t, s.status, s.name), values: s.data }))}
        />
      )}
    </>
  );
}

function CaseList() {
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const status = (CASE_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? params.get('status')! : '';
  const reason = (CASE_REASONS as readonly string[]).includes(params.get('reason') ?? '') ? params.get('reason')! : '';
  const [draft, setDraft] = useState({ status, reason });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? '';
  const cases = useResource(`${status}|${reason}|${cursor}`, loadCases);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.status) next.set('status', draft.status);
    if (draft.reason) next.set('reason', draft.reason);
    setCursors([]);
    setParams(next);
  };
  return (
    <section aria-labelledby="cases-title" aria-busy={cases.state === 'loading'}>
      <h2 id="cases-title">{t('ver.list.title')}</h2>
      <form role="search" className="filters" onSubmit={apply} aria-label={t('ver.list.title')}>
        <SelectField
          id={`${id}-reason`}
          label={t('ver.list.reason')}
          value={draft.reason}
          onChange={(v) => setDraft((d) => ({ ...d, reason: v }))}
          placeholder={t('ver.list.anyReason')}
          options={CASE_REASONS.map((r) => ({ value: r, label: reasonLabel(t, r) }))}
          width="medium"
        />
        <SelectField
          id={`${id}-status`}
          label={t('ver.list.status')}
          value={draft.status}
          onChange={(v) => setDraft((d) => ({ ...d, status: v }))}
          placeholder={t('ver.list.anyStatus')}
          options={CASE_STATUSES.map((s) => ({ value: s, label: caseStatusLabel(t, s) }))}
          width="medium"
        />
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('ver.list.apply')}
          </button>
        </div>
      </form>
      {cases.state === 'loading' && <Busy />}
      {cases.state === 'error' && <ErrorMessage error={cases.error} onRetry={cases.retry} />}
      {cases.state === 'ready' && (
        <CaseTable
          page={cases.data}
          first={cursors.length === 0}
          onFirst={() => setCursors([])}
          onNext={(c) => setCursors((x) => [...x, c])}
        />
      )}
    </section>
  );
}

function CaseTable({
  page,
  first,
  onFirst,
  onNext,
}: {
  page: Page<CaseSummary>;
  first: boolean;
  onFirst: () => void;
  onNext: (cursor: string) => void;
}) {
  const t = useT();
  if (page.items.length === 0) return <p>{t('ver.list.none')}</p>;
  return (
    <>
      <table className="table table--compact">
        <caption className="visually-hidden">{t('ver.list.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ver.list.col.number')}</th>
            <th scope="col">{t('ver.list.col.child')}</th>
            <th scope="col">{t('ver.list.col.birthDate')}</th>
            <th scope="col">{t('ver.list.col.residence')}</th>
            <th scope="col">{t('ver.list.col.reasons')}</th>
            <th scope="col">{t('ver.list.col.ouo')}</th>
            <th scope="col">{t('ver.list.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <td>
                <Link
                  to={`/verification/cases/${c.id}`}
                  aria-label={t('ver.list.open', { number: c.number, name: fullName(c) })}
                >
                  {fullName(c)}
                </Link>
              </td>
              <td>{dateOrDash(c.birthDate)}</td>
              <td>{c.residence?.name ?? '—'}</td>
              <td>{c.reasons.map((r) => reasonLabel(t, r.code, r.label)).join('; ')}</td>
              <td>{c.handedOverAt ? (c.ouo?.name ?? '—') : t('ver.list.notHanded')}</td>
              <td>{caseStatusLabel(t, c.status.code, c.status.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        {!first && (
          <button type="button" className="button button--secondary" onClick={onFirst}>
            {t('ver.list.first')}
          </button>
        )}
        {page.nextCursor && (
          <button type="button" className="button button--secondary" onClick={() => onNext(page.nextCursor!)}>
            {t('ver.list.next')}
          </button>
        )}
      </div>
    </>
  );
}
