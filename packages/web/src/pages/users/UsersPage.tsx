import type { Page, Role, User, UserCreated, UserStatus } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { roleLabel } from '../../app/UserMenu';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { DateField, SelectField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { endOfLocalDay, formatDate, formatDateTime, localDayOf, localIsoDate } from '../../lib/date';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { ActivationCodeDialog } from './ActivationCode';

const STATUSES: readonly UserStatus[] = ['active', 'pending', 'disabled'];
const PAGE = 50;

const loadUsers = (key: string, signal: AbortSignal): Promise<Page<User>> => {
  const p = new URLSearchParams(key);
  return api.users.list(
    {
      limit: PAGE,
      ...(p.get('q') ? { q: p.get('q')! } : {}),
      ...(p.get('role') ? { role: p.get('role') as Role } : {}),
      ...(p.get('status') ? { status: p.get('status') as UserStatus } : {}),
      ...(p.get('organisationId') ? { organisationId: p.get('organisationId')! } : {}),
      ...(p.get('cursor') ? { cursor: p.get('cursor')! } : {}),
    },
    { signal },
  );
};
const ALL = 'all';
const loadFirstPage = (key: string, signal: AbortSignal) => loadUsers(key === ALL ? '' : key, signal);
const loadOrganisationName = (id: string, signal: AbortSignal) =>
  api.organisations.get(id, { signal }).then((r) => r.data.name);

/**
 * «Користувачі»: the users an administrator manages (those whose role they may grant, at organisations of their
 * scope), with filters; each can be disabled or enabled, reset (a new one-time activation code, shown once) and
 * limited in time.
 */
export default function UsersPage() {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('users.title'));
  const organisationId = params.get('organisationId');
  const organisation = useResource(organisationId, loadOrganisationName);
  const created = (location.state as { created?: string } | null)?.created;
  const key = ['q', 'role', 'status', 'organisationId']
    .filter((k) => params.get(k))
    .map((k) => `${k}=${encodeURIComponent(params.get(k)!)}`)
    .join('&');
  return (
    <div className="page page--wide">
      <PageHeading>{t('users.title')}</PageHeading>
      <p className="lead">{t('users.lead')}</p>
      {created && (
        <p className="notice notice--done" role="status">
          {created}
        </p>
      )}
      {can(me, 'user:create') && (
        <p>
          <Link className="button-link" to={`/users/new${organisationId ? `?organisationId=${organisationId}` : ''}`}>
            {t('users.create')}
          </Link>
        </p>
      )}
      {organisationId && (
        <p className="filter-chip">
          {t('users.ofOrganisation')}: <strong>{organisation.state === 'ready' ? organisation.data : '…'}</strong>{' '}
          <Link
            to={`/users?${new URLSearchParams([...params.entries()].filter(([k]) => k !== 'organisationId')).toString()}`}
          >
            {t('users.allOrganisations')}
          </Link>
        </p>
      )}
      <Filters
        key={key}
        grantable={me?.grantableRoles ?? []}
        initial={{ q: params.get('q') ?? '', role: params.get('role') ?? '', status: params.get('status') ?? '' }}
        onApply={(f) => {
          const next = new URLSearchParams();
          if (f.q.trim()) next.set('q', f.q.trim());
          if (f.role) next.set('role', f.role);
          if (f.status) next.set('status', f.status);
          if (organisationId) next.set('organisationId', organisationId);
          setParams(next);
        }}
      />
      <UsersList key={`list-${key}`} query={key} />
    </div>
  );
}

interface FilterValues {
  q: string;
  role: string;
  status: string;
}

function Filters({
  grantable,
  initial,
  onApply,
}: {
  grantable: readonly Role[];
  initial: FilterValues;
  onApply: (f: FilterValues) => void;
}) {
  const t = useT();
  const id = useId();
  const [f, setF] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(f);
  };
  return (
    <form role="search" className="filters" onSubmit={submit} aria-label={t('users.filters')}>
      <TextField
        id={`${id}-q`}
        label={t('users.filterQ')}
        value={f.q}
        onChange={(q) => setF({ ...f, q })}
        type="search"
        width="medium"
        maxLength={100}
      />
      <SelectField
        id={`${id}-role`}
        label={t('users.filterRole')}
        value={f.role}
        onChange={(role) => setF({ ...f, role })}
        placeholder={t('users.anyRole')}
        options={grantable.map((r) => ({ value: r, label: roleLabel(t, r) }))}
        width="medium"
      />
      <SelectField
        id={`${id}-status`}
        label={t('users.filterStatus')}
        value={f.status}
        onChange={(status) => setF({ ...f, status })}
        placeholder={t('users.anyStatus')}
        options={STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
        width="short"
      />
      <div className="filters__actions">
        <button type="submit" className="button">
          {t('users.apply')}
        </button>
      </div>
    </form>
  );
}

function UsersList({ query }: { query: string }) {
  const t = useT();
  const first = useResource(query || ALL, loadFirstPage);
  const [more, setMore] = useState<User[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [updated, setUpdated] = useState<Record<string, User>>({});
  const [announce, setAnnounce] = useState('');
  const [resetCode, setResetCode] = useState<UserCreated | null>(null);
  const [confirmReset, setConfirmReset] = useState<User | null>(null);
  const [limitFor, setLimitFor] = useState<User | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  if (first.state === 'loading') return <Busy />;
  if (first.state === 'error') return <ErrorMessage error={first.error} onRetry={first.retry} />;
  const users = [...first.data.items, ...more].map((u) => updated[u.id] ?? u);
  const next = cursor === undefined ? first.data.nextCursor : cursor;

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await loadUsers(
        `${query}${query ? '&' : ''}cursor=${encodeURIComponent(next)}`,
        new AbortController().signal,
      );
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const act = async (user: User, action: () => Promise<User>, done: string) => {
    setBusyId(user.id);
    setActionError(null);
    try {
      const u = await action();
      setUpdated((m) => ({ ...m, [u.id]: u }));
      setAnnounce(done);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusyId(null);
    }
  };

  const doReset = async (user: User) => {
    setConfirmReset(null);
    setBusyId(user.id);
    setActionError(null);
    try {
      const r = await api.users.reset(user.id);
      setUpdated((m) => ({ ...m, [r.user.id]: r.user }));
      setResetCode(r);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section aria-labelledby="users-list-title">
      <h2 id="users-list-title">
        {t('users.list')}{' '}
        <span className="count">
          ({users.length}
          {next ? '+' : ''})
        </span>
      </h2>
      <p role="status" className="status-line">
        {announce}
      </p>
      {actionError !== null && (
        <div role="alert" className="error-message">
          <p>{errorText(t, actionError)}</p>
        </div>
      )}
      {users.length === 0 ? (
        <p>{t('users.none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('users.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.col.user')}</th>
              <th scope="col">{t('users.col.role')}</th>
              <th scope="col">{t('users.col.organisation')}</th>
              <th scope="col">{t('users.col.status')}</th>
              <th scope="col">{t('users.col.validUntil')}</th>
              <th scope="col">{t('users.col.lastLogin')}</th>
              <th scope="col">{t('table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td data-label={t('users.col.user')}>
                  <strong>{u.fullName}</strong>
                  <br />
                  <code>{u.login}</code>
                </td>
                <td data-label={t('users.col.role')}>{roleLabel(t, u.role, u.roleLabel)}</td>
                <td data-label={t('users.col.organisation')}>
                  <Link to={`/organisations/${u.organisation.id}`}>{u.organisation.name}</Link>
                </td>
                <td data-label={t('users.col.status')}>
                  <span className={`badge badge--status-${u.status}`}>{t(`users.status.${u.status}`)}</span>
                  {u.status === 'active' && !u.mfaEnrolled && <span className="note"> {t('users.noMfa')}</span>}
                  {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                    <span className="note"> {t('users.locked', { date: formatDateTime(u.lockedUntil) })}</span>
                  )}
                </td>
                <td data-label={t('users.col.validUntil')}>
                  {u.validUntil ? formatDate(u.validUntil) : t('users.noLimit')}
                </td>
                <td data-label={t('users.col.lastLogin')}>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : '—'}</td>
                <td>
                  <div className="row-actions">
                    {u.status === 'disabled' ? (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        disabled={busyId === u.id}
                        aria-label={t('users.enableNamed', { login: u.login })}
                        onClick={() =>
                          void act(u, () => api.users.enable(u.id), t('users.enabled', { login: u.login }))
                        }
                      >
                        {t('users.enable')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        disabled={busyId === u.id}
                        aria-label={t('users.disableNamed', { login: u.login })}
                        onClick={() =>
                          void act(u, () => api.users.disable(u.id), t('users.disabled', { login: u.login }))
                        }
                      >
                        {t('users.disable')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      disabled={busyId === u.id}
                      aria-label={t('users.resetNamed', { login: u.login })}
                      onClick={() => setConfirmReset(u)}
                    >
                      {t('users.reset')}
                    </button>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      disabled={busyId === u.id}
                      aria-label={t('users.limitNamed', { login: u.login })}
                      onClick={() => setLimitFor(u)}
                    >
                      {t('users.limit')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void loadMore()}
            disabled={loadingMore}
          >
            {t('list.more')}
          </button>
        </p>
      )}
      {loadingMore && <Busy />}
      {moreError !== null && <ErrorMessage error={moreError} onRetry={() => void loadMore()} />}

      <Dialog open={confirmReset !== null} onClose={() => setConfirmReset(null)} title={t('users.resetTitle')}>
        {confirmReset && (
          <>
            <p>{t('users.resetText', { name: confirmReset.fullName, login: confirmReset.login })}</p>
            <div className="form-actions">
              <button type="button" className="button button--danger" onClick={() => void doReset(confirmReset)}>
                {t('users.resetConfirm')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirmReset(null)}>
                {t('form.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
      <ActivationCodeDialog created={resetCode} onClose={() => setResetCode(null)} reset />
      <ValidUntilDialog
        user={limitFor}
        onClose={() => setLimitFor(null)}
        onSaved={(u) => {
          setUpdated((m) => ({ ...m, [u.id]: u }));
          setAnnounce(
            u.validUntil
              ? t('users.limited', { login: u.login, date: formatDate(u.validUntil) })
              : t('users.unlimited', { login: u.login }),
          );
          setLimitFor(null);
        }}
      />
    </section>
  );
}

function ValidUntilDialog({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const t = useT();
  return (
    <Dialog open={user !== null} onClose={onClose} title={t('users.limitTitle')}>
      {user && <ValidUntilForm key={user.id} user={user} onSaved={onSaved} onCancel={onClose} />}
    </Dialog>
  );
}

function ValidUntilForm({ user, onSaved, onCancel }: { user: User; onSaved: (u: User) => void; onCancel: () => void }) {
  const t = useT();
  const id = useId();
  const [date, setDate] = useState(localDayOf(user.validUntil));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (value: string | null) => {
    setError(null);
    let until: string | null = null;
    if (value !== null) {
      until = endOfLocalDay(value);
      if (!until) return setError(t('form.dateInvalid'));
      if (value < localIsoDate()) return setError(t('users.limitPast'));
    }
    setBusy(true);
    try {
      onSaved(await api.users.setValidUntil(user.id, until));
    } catch (e) {
      setError(fieldErrorsByPath(t, e)['/validUntil'] ?? errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save(date);
      }}
      noValidate
    >
      <p>{t('users.limitText', { name: user.fullName, login: user.login })}</p>
      <DateField
        id={`${id}-date`}
        label={t('users.limitDate')}
        hint={t('users.limitHint')}
        value={date}
        onChange={setDate}
        error={error}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !date}>
          {t('form.save')}
        </button>
        {user.validUntil && (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void save(null)}>
            {t('users.limitRemove')}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      {busy && <Busy label={t('form.saving')} />}
    </form>
  );
}
