import type { Session } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { roleLabel } from '../../app/UserMenu';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, Fact, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { describeAgent } from '../../lib/agent';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/date';
import { errorText, fieldErrorsByPath, hasCode } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { PasswordRules, passwordProblem } from './passwordRules';

const loadSessions = (_key: string, signal: AbortSignal) => api.me.sessions({ signal });

/** «Мій профіль»: who I am, my sessions (end one, or all the others) and a new password. */
export default function ProfilePage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(t('profile.title'));
  if (!me) return null;
  return (
    <div className="page">
      <PageHeading>{t('profile.title')}</PageHeading>
      <dl className="facts facts--stacked">
        <Fact label={t('profile.name')}>{me.fullName}</Fact>
        <Fact label={t('signIn.login')}>
          <code>{me.login}</code>
        </Fact>
        <Fact label={t('profile.role')}>{roleLabel(t, me.role, me.roleLabel)}</Fact>
        <Fact label={t('profile.organisation')}>{me.organisation.name}</Fact>
        <Fact label={t('profile.mfa')}>
          {me.mfaEnrolled ? (
            t('profile.mfaOn')
          ) : (
            <>
              {t('profile.mfaOff')} — <Link to="/enrol-totp?next=%2Fprofile">{t('profile.mfaSetUp')}</Link>
            </>
          )}
        </Fact>
      </dl>
      <Sessions />
      <PasswordChange login={me.login} />
    </div>
  );
}

function Sessions() {
  const t = useT();
  const sessions = useResource('sessions', loadSessions);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const act = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await action());
      sessions.retry();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const end = (s: Session) =>
    act(async () => {
      await api.me.endSession(s.id);
      return t('profile.sessionEnded');
    });
  const endOthers = () => act(async () => t('profile.othersEnded', { count: await api.me.endOtherSessions() }));

  const others = sessions.state === 'ready' ? sessions.data.filter((s) => !s.current).length : 0;
  return (
    <section aria-labelledby="sessions-title" aria-busy={sessions.state === 'loading' || busy}>
      <h2 id="sessions-title">{t('profile.sessions')}</h2>
      <p role="status" className="status-line">
        {status}
      </p>
      {error !== null && (
        <div role="alert" className="error-message">
          <p>{errorText(t, error)}</p>
        </div>
      )}
      {sessions.state === 'loading' && <Busy />}
      {sessions.state === 'error' && <ErrorMessage error={sessions.error} onRetry={sessions.retry} />}
      {sessions.state === 'ready' && (
        <>
          <table className="table">
            <caption className="visually-hidden">{t('profile.sessions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profile.device')}</th>
                <th scope="col">{t('profile.ip')}</th>
                <th scope="col">{t('profile.started')}</th>
                <th scope="col">{t('profile.lastSeen')}</th>
                <th scope="col">{t('profile.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('table.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('profile.device')}>
                    {describeAgent(s.userAgent)}
                    {s.current && (
                      <>
                        {' '}
                        <span className="badge badge--info">{t('profile.current')}</span>
                      </>
                    )}
                  </td>
                  <td data-label={t('profile.ip')}>{s.ip ?? '—'}</td>
                  <td data-label={t('profile.started')}>{formatDateTime(s.createdAt)}</td>
                  <td data-label={t('profile.lastSeen')}>{formatDateTime(s.lastSeenAt)}</td>
                  <td data-label={t('profile.expires')}>{formatDateTime(s.expiresAt)}</td>
                  <td>
                    {!s.current && (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        disabled={busy}
                        onClick={() => void end(s)}
                        aria-label={t('profile.endNamed', {
                          device: describeAgent(s.userAgent),
                          date: formatDateTime(s.createdAt),
                        })}
                      >
                        {t('profile.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button
              type="button"
              className="button button--secondary"
              disabled={busy || others === 0}
              onClick={() => void endOthers()}
            >
              {t('profile.endOthers')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function PasswordChange({ login }: { login: string }) {
  const t = useT();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const errors: Record<string, string> = {};
    if (!current) errors.current = t('password.currentRequired');
    const weak = passwordProblem(t, next);
    if (weak) errors.next = weak;
    else if (next !== repeat) errors.repeat = t('password.mismatch');
    if (Object.keys(errors).length === 0) {
      setBusy(true);
      try {
        await api.me.changePassword({ currentPassword: current, newPassword: next });
        setCurrent('');
        setNext('');
        setRepeat('');
        setFields({});
        setProblems([]);
        setDone(t('password.changed'));
        return;
      } catch (e) {
        const byPath = fieldErrorsByPath(t, e);
        if (byPath['/newPassword']) errors.next = byPath['/newPassword'];
        else if (hasCode(e, 'LOGIN_FAILED')) errors.current = t('password.currentWrong');
        else errors.form = errorText(t, e);
      } finally {
        setBusy(false);
      }
    }
    setFields(errors);
    setProblems(
      Object.entries(errors).map(([key, message]) => ({ field: key === 'form' ? null : `${id}-${key}`, message })),
    );
    setAttempt((n) => n + 1);
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('password.changeTitle')}</h2>
      <p>{t('password.changeLead')}</p>
      <p role="status" className="status-line status-line--done">
        {done}
      </p>
      <ErrorSummary items={problems} focusKey={attempt} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
        {/* For password managers: the account whose password changes. */}
        <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
        <TextField
          id={`${id}-current`}
          label={t('password.current')}
          type={show ? 'text' : 'password'}
          value={current}
          onChange={setCurrent}
          error={fields.current}
          autoComplete="current-password"
          maxLength={1024}
          width="medium"
        />
        <PasswordRules id={`${id}-rules`} />
        <TextField
          id={`${id}-next`}
          label={t('password.new')}
          type={show ? 'text' : 'password'}
          value={next}
          onChange={setNext}
          error={fields.next}
          hint={t('password.hint')}
          autoComplete="new-password"
          maxLength={256}
          width="medium"
        />
        <TextField
          id={`${id}-repeat`}
          label={t('password.repeat')}
          type={show ? 'text' : 'password'}
          value={repeat}
          onChange={setRepeat}
          error={fields.repeat}
          autoComplete="new-password"
          maxLength={256}
          width="medium"
        />
        <CheckboxField id={`${id}-show`} label={t('password.show')} checked={show} onChange={setShow} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('password.changeSubmit')}
          </button>
        </div>
        {busy && <Busy label={t('password.changing')} />}
      </form>
    </section>
  );
}
