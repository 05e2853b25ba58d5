import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextArea } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { fullName } from '../pupils/labels';
import { ErrorMessage } from '../territories/ErrorMessage';
import { transitionsApi, type PoolEntry, type PoolState } from './api';
import { reasonLabel } from './common';

const STATES: readonly PoolState[] = ['open', 'waiting', 'closed'];
const CLOSE_REASONS = [
  'abroad_confirmed',
  'vocational_confirmed',
  'enrolled_unregistered',
  'deceased',
  'duplicate_record',
  'other',
] as const;

const closeReasonLabel = (t: Translate, r: string) =>
  (CLOSE_REASONS as readonly string[]).includes(r) ? t(`pool.reason.${r as (typeof CLOSE_REASONS)[number]}`) : r;

/**
 * «Вибулі й ніде не навчаються»: pupils who left a school and are enrolled nowhere after N school days, for the school
 * they left and the ОУО of their residence; recent exits wait; a case has its history and is closed with a reason.
 */
export default function TransitPoolPage() {
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const state = STATES.find((s) => s === params.get('state')) ?? 'open';
  const schoolId = params.get('schoolId') ?? undefined;
  const key = `${state}|${schoolId ?? ''}`;
  const loader = useCallback(
    (_k: string, signal: AbortSignal) => transitionsApi.pool({ state, ...(schoolId ? { schoolId } : {}) }, { signal }),
    [state, schoolId],
  );
  const pool = useResource(key, loader);
  const [opened, setOpened] = useState<PoolEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t('pool.title'));

  return (
    <div className="page page--wide">
      <PageHeading ready={pool.state !== 'loading'}>{t('pool.title')}</PageHeading>
      <p className="lead">{pool.data ? t('pool.lead', { days: pool.data.days }) : t('pool.leadShort')}</p>
      <nav className="filters" aria-label={t('pool.states')}>
        <ul className="toolbar">
          {STATES.map((s) => (
            <li key={s}>
              <Link
                className={`filter-chip`}
                aria-current={s === state ? 'page' : undefined}
                to={`/transit?${new URLSearchParams({ state: s, ...(schoolId ? { schoolId } : {}) }).toString()}`}
                onClick={() => setNotice(null)}
              >
                {t(`pool.state.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {notice && (
        <p className="notice notice--done" role="status">
          {notice}
        </p>
      )}
      {pool.state === 'loading' && <Busy />}
      {pool.state === 'error' && <ErrorMessage error={pool.error} onRetry={pool.retry} />}
      {pool.data && (
        <section aria-labelledby={`${id}-list`}>
          <h2 id={`${id}-list`}>
            {t(`pool.state.${state}`)} <span className="count">({pool.data.items.length})</span>
          </h2>
          {pool.data.items.length === 0 ? (
            <p>{t('pool.empty')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t(`pool.state.${state}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tr.col.pupil')}</th>
                  <th scope="col">{t('tr.col.birthDate')}</th>
                  <th scope="col">{t('pool.col.left')}</th>
                  <th scope="col">{t('pool.col.exit')}</th>
                  <th scope="col">{t('pool.col.destination')}</th>
                  <th scope="col">{t('pool.col.residence')}</th>
                  <th scope="col" className="num">
                    {t('pool.col.days')}
                  </th>
                  <th scope="col">{t('table.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {pool.data.items.map((e) => (
                  <tr key={e.enrolmentId}>
                    <th scope="row">{fullName(e.pupil)}</th>
                    <td>{formatDate(e.pupil.birthDate)}</td>
                    <td>
                      {e.school.name} · {e.grade}-{e.classLetter}
                    </td>
                    <td>
                      {formatDate(e.exitDate)} · {reasonLabel(t, e.exitReason)}
                    </td>
                    <td>{e.destination.school?.name ?? e.destination.country ?? t('pool.unknown')}</td>
                    <td>{e.residence.ouo?.name ?? e.residence.territory?.name ?? '—'}</td>
                    <td className="num">{e.schoolDays}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        onClick={() => setOpened(e)}
                        aria-label={t('pool.openFor', { name: fullName(e.pupil) })}
                      >
                        {t('pool.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <Dialog open={opened !== null} onClose={() => setOpened(null)} title={t('pool.case')}>
        {opened && (
          <CaseView
            entry={opened}
            onDone={(text) => {
              setOpened(null);
              setNotice(text);
              pool.retry();
            }}
          />
        )}
      </Dialog>
      {schoolId && (
        <p>
          <Link to={`/transit${state === 'open' ? '' : `?state=${state}`}`} onClick={() => setParams({})}>
            {t('pool.allInScope')}
          </Link>
        </p>
      )}
    </div>
  );
}

function CaseView({ entry, onDone }: { entry: PoolEntry; onDone: (text: string) => void }) {
  const t = useT();
  const id = useId();
  const loader = useCallback((k: string, signal: AbortSignal) => transitionsApi.transitCase(k, { signal }), []);
  const c = useResource(entry.enrolmentId, loader);
  const [kind, setKind] = useState<'note' | 'closed' | 'reopened'>('note');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const closed = c.data?.entry.case.status === 'closed';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'note' && !note.trim()) return setError(t('pool.error.note'));
    if (kind === 'closed' && !reason) return setError(t('pool.error.reason'));
    setBusy(true);
    setError(null);
    try {
      await transitionsApi.addCaseEvent(
        entry.enrolmentId,
        kind === 'note'
          ? { kind, note: note.trim() }
          : kind === 'closed'
            ? { kind, reason, ...(note.trim() ? { note: note.trim() } : {}) }
            : { kind, ...(note.trim() ? { note: note.trim() } : {}) },
      );
      onDone(t(`pool.done.${kind}`, { name: fullName(entry.pupil) }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <p>
        {t('pool.caseLead', {
          name: fullName(entry.pupil),
          school: entry.school.name ?? '',
          date: formatDate(entry.exitDate),
        })}
      </p>
      {c.state === 'loading' && <Busy />}
      {c.state === 'error' && <ErrorMessage error={c.error} onRetry={c.retry} />}
      {c.data && (
        <>
          <h3>{t('pool.history')}</h3>
          {c.data.events.length === 0 ? (
            <p>{t('pool.noEvents')}</p>
          ) : (
            <ul className="history">
              {c.data.events.map((e) => (
                <li key={e.id}>
                  {formatDateTime(e.at)} — {t(`pool.event.${e.kind}`)}
                  {e.reason ? `: ${closeReasonLabel(t, e.reason)}` : ''}
                  {e.note ? ` — ${e.note}` : ''}
                  {e.by ? ` (${e.by})` : ''}
                </li>
              ))}
            </ul>
          )}
          <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
            {error && (
              <p className="notice notice--error" role="alert">
                {error}
              </p>
            )}
            <SelectField
              id={`${id}-kind`}
              label={t('pool.action')}
              value={kind}
              onChange={(v) => setKind(v as 'note')}
              options={(closed ? (['note', 'reopened'] as const) : (['note', 'closed'] as const)).map((k) => ({
                value: k,
                label: t(`pool.event.${k}`),
              }))}
            />
            {kind === 'closed' && (
              <SelectField
                id={`${id}-reason`}
                label={t('pool.closeReason')}
                value={reason}
                onChange={setReason}
                placeholder={t('form.choose')}
                options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`pool.reason.${r}`) }))}
              />
            )}
            <TextArea
              id={`${id}-note`}
              label={t('exit.note')}
              required={kind === 'note'}
              value={note}
              onChange={setNote}
              maxLength={2000}
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('form.save')}
              </button>
            </div>
            {busy && <Busy label={t('form.saving')} />}
          </form>
        </>
      )}
    </div>
  );
}
