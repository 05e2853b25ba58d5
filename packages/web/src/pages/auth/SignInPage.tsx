import { isApiError, type SignedIn } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { safeNext, signInPath } from '../../lib/permissions';
import { refreshSession, useSession } from '../../lib/useSession';

/** Where a fresh session goes: the second factor's enrolment first when the role needs it, else back to `next`. */
export async function continueAfterSignIn(signedIn: SignedIn, next: string, go: (to: string) => Promise<void> | void) {
  const me = await refreshSession();
  if (signedIn.mfaEnrolmentRequired || (me && !me.mfaPassed)) await go(signInPath(next, '/enrol-totp'));
  else await go(next);
}

function lockedText(t: Translate, error: unknown): string | null {
  if (!isApiError(error) || error.code !== 'LOGIN_LOCKED') return null;
  const seconds = Number(error.problem?.retryAfterSeconds ?? 0);
  return t('signIn.locked', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

/**
 * «Вхід»: login and password; when the server answers that the second factor is enrolled (401 TOTP_REQUIRED), a
 * second step asks for the code of the authenticator app. Afterwards the user is back where they were.
 */
export default function SignInPage() {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const state = useSession();
  useDocumentTitle(t('signIn.title'));

  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [codeError, setCodeError] = useState<string | null>(null);

  if (state.status === 'signed-in' && state.me.mfaPassed && !busy) return <Navigate to={next} replace />;

  const fail = (items: SummaryItem[]) => {
    setProblems(items);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setCodeError(null);
    const missing: SummaryItem[] = [];
    if (step === 'password') {
      if (!login.trim()) missing.push({ field: `${id}-login`, message: t('signIn.loginRequired') });
      if (!password) missing.push({ field: `${id}-password`, message: t('signIn.passwordRequired') });
    } else if (!/^\d{6}$/.test(code.replace(/\s+/g, ''))) {
      const message = t('signIn.codeFormat');
      setCodeError(message);
      missing.push({ field: `${id}-code`, message });
    }
    if (missing.length > 0) return fail(missing);
    setBusy(true);
    try {
      const signedIn = await api.auth.login({
        login: login.trim(),
        password,
        ...(step === 'totp' ? { totp: code.replace(/\s+/g, '') } : {}),
      });
      setProblems([]);
      await continueAfterSignIn(signedIn, next, (to) => navigate(to, { replace: true }));
    } catch (e) {
      if (isApiError(e) && e.code === 'TOTP_REQUIRED') {
        setProblems([]);
        setStep('totp');
      } else if (isApiError(e) && e.code === 'TOTP_INVALID') {
        const message = t('signIn.codeInvalid');
        setCode('');
        setCodeError(message);
        fail([{ field: `${id}-code`, message }]);
      } else {
        if (isApiError(e) && e.code === 'LOGIN_FAILED' && step === 'totp') setStep('password');
        setError(e);
        fail([{ field: null, message: lockedText(t, e) ?? errorText(t, e) }]);
      }
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setStep('password');
    setCode('');
    setCodeError(null);
    setProblems([]);
  };

  const reason = state.status === 'signed-out' ? state.reason : null;
  return (
    <div className="page page--narrow">
      <PageHeading>{t('signIn.title')}</PageHeading>
      {reason === 'expired' && !error && (
        <p className="notice notice--warning" role="status">
          {t('signIn.expired')}
        </p>
      )}
      {reason === 'signed-out' && params.get('signedOut') && !error && (
        <p className="notice" role="status">
          {t('signIn.signedOut')}
        </p>
      )}
      <ErrorSummary items={problems} focusKey={attempt} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
        {step === 'password' ? (
          <>
            <TextField
              id={`${id}-login`}
              label={t('signIn.login')}
              value={login}
              onChange={setLogin}
              autoComplete="username"
              spellCheck={false}
              maxLength={64}
              width="medium"
              lang="en"
            />
            <TextField
              id={`${id}-password`}
              label={t('signIn.password')}
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              maxLength={1024}
              width="medium"
            />
          </>
        ) : (
          <>
            <p>{t('signIn.totpLead')}</p>
            <TextField
              id={`${id}-code`}
              label={t('signIn.code')}
              hint={t('signIn.codeHint')}
              value={code}
              onChange={setCode}
              error={codeError}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={7}
              width="short"
              autoFocus
            />
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('auth.signIn')}
          </button>
          {step === 'totp' && (
            <button type="button" className="button button--secondary" onClick={back} disabled={busy}>
              {t('form.back')}
            </button>
          )}
        </div>
        {busy && <Busy label={t('signIn.busy')} />}
      </form>
      <p className="aside">
        {t('signIn.firstTime')}{' '}
        <Link to={`/activate${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>
          {t('signIn.activateLink')}
        </Link>
      </p>
    </div>
  );
}
