import { isApiError } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { safeNext, signInPath } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { refreshSession, signOut, useSession } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { groupSecret } from './totp';

const setup = (_key: string, signal: AbortSignal) => api.auth.totpSetup({ signal });

/**
 * «Другий фактор»: enrolment of the authenticator app. The server makes a secret and its QR code; the user scans it
 * (or types the secret) and confirms with a code from the app, which also completes this session's sign-in.
 */
export default function TotpEnrolPage() {
  const t = useT();
  const state = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  useDocumentTitle(t('totp.title'));
  if (state.status === 'loading') return <Busy />;
  if (state.status !== 'signed-in') return <Navigate to={signInPath(next)} replace />;
  if (state.me.mfaEnrolled && state.me.mfaPassed) return <Navigate to={next} replace />;
  return <Enrolment next={next} />;
}

function Enrolment({ next }: { next: string }) {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const enrolment = useResource('setup', setup);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = code.replace(/\s+/g, '');
    let message: string | null = null;
    let formProblem = false;
    if (!/^\d{6}$/.test(token)) message = t('signIn.codeFormat');
    else {
      setBusy(true);
      try {
        await api.auth.totpConfirm(token);
        await refreshSession();
        await navigate(next, { replace: true });
        return;
      } catch (e) {
        if (isApiError(e) && e.code === 'TOTP_INVALID') message = t('totp.codeInvalid');
        else {
          message = errorText(t, e);
          formProblem = true;
        }
      } finally {
        setBusy(false);
      }
    }
    setCodeError(formProblem ? null : message);
    setProblems([{ field: formProblem ? null : `${id}-code`, message }]);
    setAttempt((n) => n + 1);
  };

  return (
    <div className="page page--narrow">
      <PageHeading ready={enrolment.state !== 'loading'}>{t('totp.title')}</PageHeading>
      <p className="lead">{t('totp.lead')}</p>
      {enrolment.state === 'loading' && <Busy label={t('totp.preparing')} />}
      {enrolment.state === 'error' && <ErrorMessage error={enrolment.error} onRetry={enrolment.retry} />}
      {enrolment.state === 'ready' && (
        <>
          <ErrorSummary items={problems} focusKey={attempt} />
          <ol className="steps">
            <li>
              <h2 className="steps__title">{t('totp.step1')}</h2>
              <p>{t('totp.step1Text')}</p>
            </li>
            <li>
              <h2 className="steps__title">{t('totp.step2')}</h2>
              <img className="qr" src={enrolment.data.qrDataUrl} alt={t('totp.qrAlt')} width={240} height={240} />
              <p>{t('totp.manual')}</p>
              <p>
                <code className="secret" data-secret={enrolment.data.secret} lang="en">
                  {groupSecret(enrolment.data.secret)}
                </code>
              </p>
            </li>
            <li>
              <h2 className="steps__title">{t('totp.step3')}</h2>
              <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
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
                />
                <div className="form-actions">
                  <button type="submit" className="button" disabled={busy}>
                    {t('totp.confirm')}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => void signOut().then(() => navigate('/sign-in?signedOut=1'))}
                  >
                    {t('menu.signOut')}
                  </button>
                </div>
                {busy && <Busy label={t('totp.confirming')} />}
              </form>
            </li>
          </ol>
        </>
      )}
    </div>
  );
}
