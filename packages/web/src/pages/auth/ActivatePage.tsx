import { isApiError } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { safeNext } from '../../lib/permissions';
import { continueAfterSignIn } from './SignInPage';
import { PasswordRules, passwordProblem } from './passwordRules';

/**
 * «Активація облікового запису»: the first sign-in with the one-time code an administrator gave, and a new password
 * under the server's rules (shown before typing; the server's reasons shown by the field when it refuses one).
 */
export default function ActivatePage() {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  useDocumentTitle(t('activate.title'));

  const [login, setLogin] = useState(params.get('login') ?? '');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!login.trim()) errors.login = t('signIn.loginRequired');
    if (code.replace(/[^0-9a-z]/gi, '').length < 4) errors.code = t('activate.codeRequired');
    const weak = passwordProblem(t, password);
    if (weak) errors.password = weak;
    else if (password !== repeat) errors.repeat = t('password.mismatch');
    if (Object.keys(errors).length === 0) {
      setBusy(true);
      try {
        const signedIn = await api.auth.activate({ login: login.trim(), code: code.trim(), password });
        await continueAfterSignIn(signedIn, next, (to) => navigate(to, { replace: true }));
        return;
      } catch (e) {
        const byPath = fieldErrorsByPath(t, e);
        if (byPath['/password']) errors.password = byPath['/password'];
        else if (isApiError(e) && e.code === 'ACTIVATION_INVALID') errors.code = errorText(t, e);
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
    <div className="page page--narrow">
      <PageHeading>{t('activate.title')}</PageHeading>
      <p className="lead">{t('activate.lead')}</p>
      <ErrorSummary items={problems} focusKey={attempt} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
        <TextField
          id={`${id}-login`}
          label={t('signIn.login')}
          value={login}
          onChange={setLogin}
          error={fields.login}
          autoComplete="username"
          spellCheck={false}
          maxLength={64}
          width="medium"
          lang="en"
        />
        <TextField
          id={`${id}-code`}
          label={t('activate.code')}
          hint={t('activate.codeHint')}
          value={code}
          onChange={setCode}
          error={fields.code}
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={64}
          width="medium"
        />
        <PasswordRules id={`${id}-rules`} />
        <TextField
          id={`${id}-password`}
          label={t('password.new')}
          type={show ? 'text' : 'password'}
          value={password}
          onChange={setPassword}
          error={fields.password}
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
            {t('activate.submit')}
          </button>
        </div>
        {busy && <Busy label={t('activate.busy')} />}
      </form>
      <p className="aside">
        {t('activate.haveAccount')} <Link to="/sign-in">{t('auth.signIn')}</Link>
      </p>
    </div>
  );
}
