import type { Job } from '@aikom/sdk';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { CheckboxField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { errorText } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { transitionsApi, type BulkStatus } from './api';
import { JobProgress, currentYear, nextYearLabel } from './common';

async function load(key: string, signal: AbortSignal) {
  const warn = key.endsWith('|warn');
  const years = await transitionsApi.schoolYears({ signal });
  const from = currentYear(years);
  if (!from) throw new Error('no open school year');
  const next = years.find((y) => y.label === nextYearLabel(from.label)) ?? null;
  const status = await transitionsApi.bulkStatus(
    { fromYear: from.label, ...(warn ? { validationErrors: 'warn' as const } : {}) },
    { signal },
  );
  return { from: from.label, next, status };
}

/**
 * «Переведення учнів закладів»: for an ОУО or the ministry, every school in scope with its transition state (applied,
 * ready, blocked and why), and the transition of all the ready ones as a job with a progress bar. Each school is
 * transitioned whole or not at all; a job that stops resumes with the schools left.
 */
export default function BulkTransitionPage() {
  const t = useT();
  const me = useMe();
  const id = useId();
  const [warn, setWarn] = useState(false);
  const [round, setRound] = useState(0);
  const resource = useResource(`${round}|${warn ? 'warn' : 'block'}`, load);
  const [job, setJob] = useState<Job | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'done' | 'error' } | null>(null);
  const [starting, setStarting] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useDocumentTitle(t('bulk.title'));
  useEffect(() => () => abort.current?.abort(), []);
  const refresh = useCallback(() => setRound((n) => n + 1), []);

  const data = resource.data;
  const start = async () => {
    if (!data) return;
    setStarting(true);
    setMessage(null);
    try {
      const r = await transitionsApi.startBulk({
        fromYear: data.from,
        ...(warn ? { validationErrors: 'warn' as const } : {}),
      });
      abort.current = new AbortController();
      const last = await transitionsApi.watchJob(r.jobId, setJob, abort.current.signal);
      const result = last.result as { applied?: number; blocked?: number } | null;
      setMessage(
        last.status === 'succeeded'
          ? { tone: 'done', text: t('bulk.done', { applied: result?.applied ?? 0, blocked: result?.blocked ?? 0 }) }
          : { tone: 'error', text: t('bulk.failed', { status: last.status }) },
      );
      refresh();
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(t, e) });
    } finally {
      setStarting(false);
    }
  };

  const openNext = async () => {
    if (!data) return;
    setMessage(null);
    try {
      await transitionsApi.openYear(nextYearLabel(data.from));
      setMessage({ tone: 'done', text: t('bulk.yearOpened', { year: nextYearLabel(data.from) }) });
      refresh();
    } catch (e) {
      setMessage({ tone: 'error', text: errorText(t, e) });
    }
  };

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  return (
    <div className="page page--wide">
      <PageHeading ready={resource.state !== 'loading'}>{t('bulk.title')}</PageHeading>
      {data && <p className="subtitle">{t('tr.years', { from: data.from, to: nextYearLabel(data.from) })}</p>}
      {message && (
        <p className={`notice notice--${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {resource.state === 'loading' && <Busy />}
      {resource.state === 'error' && <ErrorMessage error={resource.error} onRetry={resource.retry} />}
      {data && (
        <>
          {data.next?.status !== 'open' && (
            <div className="notice notice--warning">
              <p>{t('tr.nextNotOpen', { year: nextYearLabel(data.from) })}</p>
              {can(me, 'school-year:manage') && (
                <button type="button" className="button" onClick={() => void openNext()}>
                  {t('bulk.openYear', { year: nextYearLabel(data.from) })}
                </button>
              )}
            </div>
          )}
          <Summary status={data.status} />
          <CheckboxField
            id={`${id}-warn`}
            label={t('bulk.warn')}
            hint={t('bulk.warnHint')}
            checked={warn}
            onChange={setWarn}
            disabled={running}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={starting || running || data.status.ready === 0 || data.next?.status !== 'open'}
              onClick={() => void start()}
            >
              {t('bulk.start', { count: data.status.ready })}
            </button>
          </div>
          {job && <JobProgress job={job} label={t('bulk.progress')} />}
          <SchoolTable status={data.status} />
        </>
      )}
    </div>
  );
}

function Summary({ status }: { status: BulkStatus }) {
  const t = useT();
  return (
    <dl className="facts">
      {(['schools', 'applied', 'ready', 'blocked'] as const).map((k) => (
        <div className="fact" key={k}>
          <dt>{t(`bulk.count.${k}`)}</dt>
          <dd>{status[k]}</dd>
        </div>
      ))}
    </dl>
  );
}

function SchoolTable({ status }: { status: BulkStatus }) {
  const t = useT();
  return (
    <table className="table">
      <caption>{t('bulk.schools')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('bulk.col.school')}</th>
          <th scope="col">{t('bulk.col.status')}</th>
          <th scope="col" className="num">
            {t('tr.count.pupils')}
          </th>
          <th scope="col">{t('tr.blockers')}</th>
        </tr>
      </thead>
      <tbody>
        {status.items.map((s) => (
          <tr key={s.school.id}>
            <th scope="row">
              <Link to={`/schools/${s.school.id}/transition`}>{s.school.name}</Link>
            </th>
            <td>{t(`bulk.status.${s.status}`)}</td>
            <td className="num">{s.counts?.pupils ?? '—'}</td>
            <td>{s.blockers.map((b) => `${b.message} (${b.count})`).join('; ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
