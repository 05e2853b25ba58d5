import { ROLE_INFO } from '@aikom/domain/access/roles';
import { isApiError, type Organisation, type Role, type UserCreated } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { roleLabel } from '../../app/UserMenu';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, RadioGroup, TextField } from '../../components/fields';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { endOfLocalDay, localIsoDate } from '../../lib/date';
import { errorText, fieldErrorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { kindLabel } from '../organisations/labels';
import { ActivationCodeDialog } from './ActivationCode';

const LOGIN_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const loadOrganisation = (id: string, signal: AbortSignal) => api.organisations.get(id, { signal }).then((r) => r.data);

type Field = 'fullName' | 'login' | 'email' | 'role' | 'organisation' | 'validUntil';

/**
 * «Новий користувач»: a role the administrator may grant (from `grantableRoles`), an organisation of their scope of
 * the kind the role belongs to, an optional end of access. The answer's one-time activation code is shown once.
 */
export default function UserCreatePage() {
  const t = useT();
  const me = useMe();
  const [params] = useSearchParams();
  useDocumentTitle(t('users.createTitle'));
  const presetId = params.get('organisationId');
  const preset = useResource(presetId, loadOrganisation);
  if (!me) return null;
  return (
    <div className="page">
      <p className="back-link">
        <Link to="/users">{t('users.back')}</Link>
      </p>
      <PageHeading>{t('users.createTitle')}</PageHeading>
      <p className="lead">{t('users.createLead')}</p>
      {presetId && preset.state === 'loading' ? (
        <Busy />
      ) : (
        <UserForm
          grantable={me.grantableRoles}
          own={{ ...me.organisation, kind: me.organisation.kind }}
          preset={preset.state === 'ready' ? preset.data : null}
        />
      )}
    </div>
  );
}

function UserForm({
  grantable,
  own,
  preset,
}: {
  grantable: readonly Role[];
  own: { id: string; name: string; kind: string; edrpou: string | null };
  preset: Organisation | null;
}) {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const fitting = (org: Organisation | null, r: Role | '') => (org && r && ROLE_INFO[r].kind === org.kind ? org : null);
  const firstRole =
    grantable.find((r) => preset && ROLE_INFO[r].kind === preset.kind) ?? (grantable.length === 1 ? grantable[0]! : '');
  const [fullName, setFullName] = useState('');
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>(firstRole);
  const [organisation, setOrganisation] = useState<Organisation | null>(fitting(preset, firstRole));
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<UserCreated | null>(null);

  const kind = role ? ROLE_INFO[role].kind : null;
  // A role of the administrator's own level is granted only at their own organisation.
  const fixed = kind !== null && kind === own.kind;
  const fid = (f: Field) => `${id}-${f}`;
  const clear = (f: Field) => setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));

  const report = (found: Partial<Record<Field, string>>, formLevel: string[] = []) => {
    setErrors(found);
    setProblems([
      ...formLevel.map((message) => ({ field: null, message })),
      ...(Object.entries(found) as Array<[Field, string | undefined]>)
        .filter((e): e is [Field, string] => !!e[1])
        .map(([f, message]) => ({ field: fid(f), message })),
    ]);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (fullName.trim().length < 3) found.fullName = t('users.error.fullName');
    if (!LOGIN_PATTERN.test(login.trim())) found.login = t('users.error.login');
    if (email.trim() && !EMAIL_PATTERN.test(email.trim())) found.email = t('users.error.email');
    if (!role) found.role = t('users.error.role');
    const organisationId = fixed ? own.id : organisation?.id;
    if (role && !organisationId) found.organisation = t('users.error.organisation');
    let until: string | undefined;
    if (validUntil) {
      until = endOfLocalDay(validUntil) ?? undefined;
      if (!until) found.validUntil = t('form.dateInvalid');
      else if (validUntil < localIsoDate()) found.validUntil = t('users.limitPast');
    }
    if (Object.keys(found).length > 0 || !role || !organisationId) return report(found);
    setBusy(true);
    try {
      setCreated(
        await api.users.create({
          fullName: fullName.trim(),
          login: login.trim(),
          role,
          organisationId,
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(until ? { validUntil: until } : {}),
        }),
      );
    } catch (e) {
      const byField: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      if (isApiError(e)) {
        for (const fe of e.errors) {
          const f = fe.path === '/organisationId' ? 'organisation' : (fe.path.slice(1) as Field);
          if (['fullName', 'login', 'email', 'role', 'organisation', 'validUntil'].includes(f))
            byField[f] = fieldErrorText(t, fe);
          else rest.push(fieldErrorText(t, fe));
        }
      }
      if (Object.keys(byField).length === 0 && rest.length === 0) rest.push(errorText(t, e));
      report(byField, rest);
    } finally {
      setBusy(false);
    }
  };

  const finish = () => {
    const user = created?.user;
    setCreated(null);
    void navigate('/users', { state: user ? { created: t('users.createdNotice', { login: user.login }) } : null });
  };

  return (
    <>
      <ErrorSummary items={problems} focusKey={attempt} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
        <TextField
          id={fid('fullName')}
          label={t('users.fullName')}
          hint={t('users.fullNameHint')}
          value={fullName}
          onChange={(v) => {
            setFullName(v);
            clear('fullName');
          }}
          error={errors.fullName}
          autoComplete="off"
          maxLength={200}
        />
        <TextField
          id={fid('login')}
          label={t('signIn.login')}
          hint={t('users.loginHint')}
          value={login}
          onChange={(v) => {
            setLogin(v);
            clear('login');
          }}
          error={errors.login}
          spellCheck={false}
          maxLength={64}
          width="medium"
          lang="en"
        />
        <TextField
          id={fid('email')}
          label={t('users.email')}
          required={false}
          type="email"
          value={email}
          onChange={(v) => {
            setEmail(v);
            clear('email');
          }}
          error={errors.email}
          maxLength={200}
          width="medium"
        />
        <RadioGroup
          id={fid('role')}
          label={t('users.role')}
          value={role}
          onChange={(v) => {
            const r = v as Role;
            setRole(r);
            setOrganisation((o) => fitting(o, r) ?? fitting(preset, r));
            clear('role');
          }}
          error={errors.role}
          options={grantable.map((r) => ({
            value: r,
            label: `${roleLabel(t, r)} (${kindLabel(t, ROLE_INFO[r].kind)})`,
          }))}
        />
        {kind &&
          (fixed ? (
            <div className="field">
              <span className="field-label" id={fid('organisation')}>
                {t('users.organisation')}
              </span>
              <p className="readonly-value">{own.name}</p>
            </div>
          ) : (
            <OrganisationPicker
              key={kind}
              id={fid('organisation')}
              label={t('users.organisation')}
              hint={t('users.organisationHint', { kind: kindLabel(t, kind) })}
              kind={kind}
              value={organisation}
              onChange={(o) => {
                setOrganisation(o);
                clear('organisation');
              }}
              error={errors.organisation}
            />
          ))}
        <DateField
          id={fid('validUntil')}
          label={t('users.validUntil')}
          hint={t('users.validUntilHint')}
          required={false}
          value={validUntil}
          onChange={(v) => {
            setValidUntil(v);
            clear('validUntil');
          }}
          error={errors.validUntil}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('users.createSubmit')}
          </button>
          <Link to="/users" className="button-link button-link--secondary">
            {t('form.cancel')}
          </Link>
        </div>
        {busy && <Busy label={t('form.saving')} />}
      </form>
      <ActivationCodeDialog created={created} onClose={finish} />
    </>
  );
}
