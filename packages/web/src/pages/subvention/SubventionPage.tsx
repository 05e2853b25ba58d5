import type { Job } from '@aikom/sdk';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, SelectField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, localIsoDate } from '../../lib/date';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type ParameterSetSummary, type Run } from './api';
import { formatMoney, planningYear } from './format';
import { JobProgress } from './parts';
import './subvention.css';

const loadSets = (year: string, signal: AbortSignal) => subventionApi.parameterSets(Number(year), signal);
const loadRuns = (year: string, signal: AbortSignal) => subventionApi.runs(Number(year), signal);

/**
 * «Освітня субвенція»: the parameter sets of a budget year, the allocation run as a job with its progress, the
 * runs made so far (each opens its table of budgets) and the way to the scenarios.
 */
export default function SubventionPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || planningYear();
  useDocumentTitle(t('sv.title'));
  const sets = useResource(String(year), loadSets);
  const [runsKey, setRunsKey] = useState(0);
  const runs = useResource(
    `${year}|${runsKey}`,
    useCallback((k: string, s: AbortSignal) => loadRuns(k.split('|')[0]!, s), []),
  );
  const years = Array.from({ length: 5 }, (_, i) => planningYear() + 1 - i);
  return (
    <div className="page page--wide">
      <PageHeading ready={sets.state !== 'loading'}>{t('sv.title')}</PageHeading>
      <p className="lead">{t('sv.lead')}</p>
      <p>
        <Link to="/subvention/scenarios">{t('sv.scenarios.title')}</Link>
      </p>
      <div className="filters">
        <SelectField
          id="sv-year"
          label={t('sv.year')}
          value={String(year)}
          width="short"
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
          onChange={(v) => setParams({ year: v })}
        />
      </div>
      {sets.state === 'loading' && <Busy />}
      {sets.state === 'error' && <ErrorMessage error={sets.error} onRetry={sets.retry} />}
      {sets.state === 'ready' && (
        <>
          <ParameterSets year={year} sets={sets.data.items} />
          <RunForm year={year} sets={sets.data.items} onStarted={() => setRunsKey((k) => k + 1)} />
        </>
      )}
      <section aria-labelledby="sv-runs-title">
        <h2 id="sv-runs-title">{t('sv.runs.title')}</h2>
        {runs.state === 'loading' && <Busy />}
        {runs.state === 'error' && <ErrorMessage error={runs.error} onRetry={runs.retry} />}
        {runs.state === 'ready' && <RunList runs={runs.data.items} />}
      </section>
    </div>
  );
}

function ParameterSets({ year, sets }: { year: number; sets: ParameterSetSummary[] }) {
  const t = useT();
  return (
    <section aria-labelledby="sv-sets-title">
      <h2 id="sv-sets-title">{t('sv.sets.title', { year })}</h2>
      <p>{t('sv.sets.lead')}</p>
      <table className="table">
        <caption className="visually-hidden">{t('sv.sets.title', { year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sv.sets.name')}</th>
            <th scope="col" className="num">
              {t('sv.sets.version')}
            </th>
            <th scope="col">{t('sv.sets.created')}</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/subvention/parameter-sets/${encodeURIComponent(s.id)}`}>{s.name}</Link>{' '}
                {s.isDefault && <span className="badge badge--info">{t('sv.sets.default')}</span>}
              </th>
              <td className="num">{s.version}</td>
              <td>{formatDateTime(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Starts an allocation: the parameter set and the date the pupils are counted on; then follows the job. */
function RunForm({ year, sets, onStarted }: { year: number; sets: ParameterSetSummary[]; onStarted: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useMe();
  const [setId, setSetId] = useState(sets[0]?.id ?? '');
  const [asOf, setAsOf] = useState(() => localIsoDate());
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const canRun = can(me, 'subvention:read');
  const chosen = sets.some((s) => s.id === setId) ? setId : (sets[0]?.id ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      setErrors([{ field: 'sv-run-asof', message: t('form.dateInvalid') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    setJob(null);
    try {
      const started = await subventionApi.startRun({ parameterSetId: chosen, budgetYear: year, asOf });
      onStarted();
      setJob(started.job);
      const last = await api.jobs.watch(started.job.id, { onProgress: setJob, intervalMs: 500 });
      if (last.status !== 'succeeded') {
        setErrors([{ field: null, message: t('sv.run.failed', { reason: jobError(last) }) }]);
        onStarted();
        return;
      }
      void navigate(`/subvention/runs/${started.run.id}`);
    } catch (error) {
      const byPath = fieldErrorsByPath(t, error);
      const items: SummaryItem[] = Object.entries(byPath).map(([path, message]) => ({
        field: path === '/asOf' ? 'sv-run-asof' : null,
        message,
      }));
      setErrors(items.length > 0 ? items : [{ field: null, message: errorText(t, error) }]);
    } finally {
      setBusy(false);
    }
  };

  if (!canRun || sets.length === 0) return null;
  return (
    <section aria-labelledby="sv-run-title" className="card-section">
      <h2 id="sv-run-title">{t('sv.run.title')}</h2>
      <p>{t('sv.run.lead')}</p>
      <ErrorSummary items={errors} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          id="sv-run-set"
          label={t('sv.run.set')}
          value={chosen}
          options={sets.map((s) => ({
            value: s.id,
            label: `${s.name} (${t('sv.sets.versionN', { version: s.version })})`,
          }))}
          onChange={setSetId}
        />
        <DateField
          id="sv-run-asof"
          label={t('sv.run.asOf')}
          hint={t('sv.run.asOfHint')}
          value={asOf}
          onChange={setAsOf}
          error={errors.find((e) => e.field === 'sv-run-asof')?.message}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('sv.run.submit')}
          </button>
        </div>
      </form>
      {busy && <JobProgress job={job} label={t('sv.run.progress')} />}
    </section>
  );
}

function jobError(job: Job): string {
  const e = job.error as { detail?: string; title?: string; message?: string } | null;
  return e?.detail ?? e?.title ?? e?.message ?? job.status;
}

function RunList({ runs }: { runs: Run[] }) {
  const t = useT();
  if (runs.length === 0) return <p>{t('sv.runs.none')}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{t('sv.runs.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sv.runs.created')}</th>
          <th scope="col">{t('sv.runs.set')}</th>
          <th scope="col">{t('sv.runs.asOf')}</th>
          <th scope="col">{t('sv.runs.status')}</th>
          <th scope="col" className="num">
            {t('sv.runs.total')}
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              {r.status === 'succeeded' ? (
                <Link to={`/subvention/runs/${r.id}`}>{formatDateTime(r.createdAt)}</Link>
              ) : (
                formatDateTime(r.createdAt)
              )}
            </th>
            <td>
              {r.parameterSet.name} ({t('sv.sets.versionN', { version: r.parameterSet.version })})
            </td>
            <td>{formatDate(r.asOf)}</td>
            <td>
              <span
                className={`badge badge--${r.status === 'succeeded' ? 'clean' : r.status === 'failed' ? 'error' : 'info'}`}
              >
                {t(`sv.status.${r.status}`)}
              </span>
            </td>
            <td className="num">{r.totalKop === null ? '—' : formatMoney(r.totalKop, t.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
