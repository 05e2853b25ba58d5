import type { AuditEntry, AuditOutcome } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { roleLabel } from '../../app/UserMenu';
import { Busy } from '../../components/Busy';
import { DateField, SelectField, TextField } from '../../components/fields';
import { isMessageKey, useT, type Translate } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { FILTERS, auditQuery, type Filter } from './query';
import { plainText } from '../../lib/text';

/** The actions the server records, for the filter (the log may hold others: they are shown by their code). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.activate',
  'auth.totp.setup',
  'auth.totp.confirm',
  'auth.password.change',
  'auth.session.revoke',
  'user.create',
  'user.disable',
  'user.enable',
  'user.reset',
  'user.valid-until',
  'organisation.create',
  'organisation.update',
  'pupil.create',
  'pupil.update',
  'pupil.exit',
  'pupil.read',
  'pupil.list',
  'pupil.search',
  'audit.search',
] as const;
const OBJECT_TYPES = ['user', 'session', 'organisation', 'school', 'pupil', 'audit'] as const;
const OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'failed'];

export const actionLabel = (t: Translate, action: string) => {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
};
const objectLabel = (t: Translate, type: string | null) => {
  if (!type) return '';
  const key = `audit.object.${type}`;
  return isMessageKey(key) ? t(key) : type;
};

const loadPage = (key: string, signal: AbortSignal) => {
  const [filters, before] = key.split('#', 2) as [string, string];
  return api.audit.search(auditQuery(new URLSearchParams(filters), before ? Number(before) : undefined), { signal });
};

/**
 * «Журнал аудиту» (security officers): the audit log of the user's scope searched by date range, login, action and
 * object, newest first, a page at a time («наступні» goes to older entries, «попередні» back).
 */
export default function AuditPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('audit.title'));
  const filters = FILTERS.filter((f) => params.get(f))
    .map((f) => `${f}=${encodeURIComponent(params.get(f)!)}`)
    .join('&');
  return (
    <div className="page page--wide">
      <PageHeading>{t('audit.title')}</PageHeading>
      <p className="lead">{t('audit.lead')}</p>
      <AuditFilters
        key={filters}
        initial={Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>}
        onApply={(f) => {
          const next = new URLSearchParams();
          for (const k of FILTERS) if (f[k].trim()) next.set(k, f[k].trim());
          setParams(next);
        }}
      />
      <AuditResults key={`results-${filters}`} filters={filters} />
    </div>
  );
}

function AuditFilters({
  initial,
  onApply,
}: {
  initial: Record<Filter, string>;
  onApply: (f: Record<Filter, string>) => void;
}) {
  const t = useT();
  const id = useId();
  const [f, setF] = useState(initial);
  const [dateErrors, setDateErrors] = useState<{ from?: string; to?: string }>({});
  const set = (k: Filter) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const bad = (v: string) => (v && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? t('form.dateInvalid') : undefined);
    const errors = { from: bad(f.from), to: bad(f.to) };
    setDateErrors(errors);
    if (!errors.from && !errors.to) onApply(f);
  };
  return (
    <form role="search" className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <DateField
        id={`${id}-from`}
        label={t('audit.from')}
        value={f.from}
        onChange={set('from')}
        error={dateErrors.from}
      />
      <DateField id={`${id}-to`} label={t('audit.to')} value={f.to} onChange={set('to')} error={dateErrors.to} />
      <TextField
        id={`${id}-actor`}
        label={t('audit.actor')}
        value={f.actor}
        onChange={set('actor')}
        width="short"
        spellCheck={false}
        maxLength={64}
        lang="en"
      />
      <SelectField
        id={`${id}-action`}
        label={t('audit.action')}
        value={f.action}
        onChange={set('action')}
        placeholder={t('audit.anyAction')}
        options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(t, a) }))}
        width="medium"
      />
      <SelectField
        id={`${id}-objectType`}
        label={t('audit.objectType')}
        value={f.objectType}
        onChange={set('objectType')}
        placeholder={t('audit.anyObject')}
        options={OBJECT_TYPES.map((o) => ({ value: o, label: objectLabel(t, o) }))}
        width="short"
      />
      <TextField
        id={`${id}-objectId`}
        label={t('audit.objectId')}
        value={f.objectId}
        onChange={set('objectId')}
        width="medium"
        spellCheck={false}
        maxLength={100}
      />
      <SelectField
        id={`${id}-outcome`}
        label={t('audit.outcome')}
        value={f.outcome}
        onChange={set('outcome')}
        placeholder={t('audit.anyOutcome')}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
        width="short"
      />
      <div className="filters__actions">
        <button type="submit" className="button">
          {t('audit.search')}
        </button>
      </div>
    </form>
  );
}

function AuditResults({ filters }: { filters: string }) {
  const t = useT();
  // The `before` of each page seen, so «попередні» goes back exactly.
  const [stack, setStack] = useState<number[]>([]);
  const before = stack[stack.length - 1];
  const page = useResource(`${filters}#${before ?? ''}`, loadPage);
  const go = (next: number[]) => {
    setStack(next);
    document.getElementById('audit-results-title')?.focus();
  };
  return (
    <section aria-labelledby="audit-results-title" aria-busy={page.state === 'loading'}>
      <h2 id="audit-results-title" tabIndex={-1}>
        {t('audit.results')}{' '}
        {stack.length > 0 && <span className="count">({t('audit.page', { page: stack.length + 1 })})</span>}
      </h2>
      {page.state === 'loading' && <Busy />}
      {page.state === 'error' && <ErrorMessage error={page.error} onRetry={page.retry} />}
      {page.state === 'ready' &&
        (page.data.items.length === 0 ? (
          <p>{t('audit.none')}</p>
        ) : (
          <table className="table table--compact">
            <caption className="visually-hidden">{t('audit.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.object')}</th>
                <th scope="col">{t('audit.col.outcome')}</th>
                <th scope="col">{t('audit.col.source')}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <AuditRow key={e.id} entry={e} />
              ))}
            </tbody>
          </table>
        ))}
      <nav className="pager" aria-label={t('audit.paging')}>
        <button
          type="button"
          className="button button--secondary"
          disabled={stack.length === 0}
          onClick={() => go(stack.slice(0, -1))}
        >
          {t('audit.previous')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={page.state !== 'ready' || page.data.nextBefore === null}
          onClick={() =>
            page.state === 'ready' && page.data.nextBefore !== null && go([...stack, page.data.nextBefore])
          }
        >
          {t('audit.next')}
        </button>
      </nav>
    </section>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }) {
  const t = useT();
  const details = Object.entries(e.details)
    .map(([k, v]) => `${k}: ${plainText(v)}`)
    .join('; ');
  return (
    <tr>
      <td data-label={t('audit.col.at')}>{formatDateTime(e.at)}</td>
      <td data-label={t('audit.col.actor')}>
        {e.actorLogin ? <code>{e.actorLogin}</code> : '—'}
        {e.role && <span className="note"> {roleLabel(t, e.role)}</span>}
      </td>
      <td data-label={t('audit.col.action')}>
        {actionLabel(t, e.action)}
        {details && <span className="note"> {details}</span>}
      </td>
      <td data-label={t('audit.col.object')}>
        {objectLabel(t, e.objectType)} {e.objectId && <code className="id">{e.objectId}</code>}
      </td>
      <td data-label={t('audit.col.outcome')}>
        <span className={`badge badge--outcome-${e.outcome}`}>
          {isMessageKey(`audit.outcome.${e.outcome}`)
            ? t(`audit.outcome.${e.outcome}` as 'audit.outcome.ok')
            : e.outcome}
        </span>
      </td>
      <td data-label={t('audit.col.source')}>
        {e.client}
        {e.ip && <span className="note"> {e.ip}</span>}
      </td>
    </tr>
  );
}
