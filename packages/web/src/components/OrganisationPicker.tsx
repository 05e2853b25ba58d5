import type { Organisation, OrganisationKind } from '@aikom/sdk';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';
import { api } from '../lib/api';
import { useDebounced } from '../lib/useDebounced';
import { useResource } from '../lib/useResource';
import { ErrorMessage } from '../pages/territories/ErrorMessage';
import { Busy } from './Busy';
import { filterOrganisations } from './organisationFilter';

const SHOWN = 20;

/** The first page of a kind; when it is the whole list, searching happens here, else by the server (name prefix). */
function loadKind(key: string, signal: AbortSignal) {
  const [kind, q] = key.split('|', 2) as [OrganisationKind, string];
  return api.organisations.list({ kind, limit: q ? SHOWN : 200, ...(q ? { q } : {}) }, { signal });
}

export interface OrganisationPickerProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  kind: OrganisationKind;
  value: Organisation | null;
  onChange: (organisation: Organisation | null) => void;
  error?: string | null | undefined;
}

/**
 * An organisation of the user's scope, of one kind (the server lists only what the user may see): the kind's list
 * narrowed by what is typed, each a button; the chosen one is shown with a button to change it.
 */
export function OrganisationPicker(p: OrganisationPickerProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [changing, setChanging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const term = useDebounced(query.trim(), 250);
  const all = useResource(`${p.kind}|`, loadKind);
  const complete = all.state === 'ready' && all.data.nextCursor === null;
  const remote = useResource(!complete && all.state === 'ready' && term ? `${p.kind}|${term}` : null, loadKind);
  const open = !p.value || changing;

  const matches = complete
    ? filterOrganisations(all.data.items, query)
    : term && remote.state === 'ready'
      ? remote.data.items
      : all.state === 'ready'
        ? all.data.items
        : [];
  const shown = matches.slice(0, SHOWN);

  const choose = (o: Organisation) => {
    p.onChange(o);
    setChanging(false);
    setQuery('');
    requestAnimationFrame(() => changeButton.current?.focus());
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (shown.length === 1) choose(shown[0]!);
    } else if (event.key === 'ArrowDown') {
      const first = document.querySelector<HTMLButtonElement>(`#${CSS.escape(p.id)}-results button`);
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  };
  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = Array.from(event.currentTarget.querySelectorAll('button'));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const nextAt = at + (event.key === 'ArrowDown' ? 1 : -1);
      if (nextAt < 0) input.current?.focus();
      else buttons[Math.min(nextAt, buttons.length - 1)]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      input.current?.focus();
    }
  };

  const loading = all.state === 'loading' || (!!term && !complete && remote.state === 'loading');
  const status = loading
    ? t('search.searching')
    : matches.length === 0
      ? t('orgPicker.none')
      : matches.length > SHOWN
        ? t('orgPicker.more', { shown: SHOWN, count: matches.length })
        : t('orgPicker.count', { count: matches.length });

  return (
    <div className={`field picker ${p.error ? 'field--invalid' : ''}`}>
      <div className="field-label" id={`${p.id}-label`}>
        {p.label}
      </div>
      {p.hint && (
        <p className="field-hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <div id={`${p.id}-error`} aria-live="polite">
        {p.error && (
          <p className="field-error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {p.error}
          </p>
        )}
      </div>
      {p.value && (
        <div className="picked">
          <p className="picked__name">
            <span className="visually-hidden">{t('picker.chosen')}: </span>
            <strong>{p.value.name}</strong>
            {p.value.edrpou && <span className="picked__code"> ЄДРПОУ {p.value.edrpou}</span>}
          </p>
          {!changing && (
            <div className="picked__actions">
              <button
                ref={changeButton}
                id={p.id}
                type="button"
                className="button button--small button--secondary"
                aria-describedby={`${p.id}-label`}
                onClick={() => {
                  setChanging(true);
                  requestAnimationFrame(() => input.current?.focus());
                }}
              >
                {t('picker.change')}
              </button>
            </div>
          )}
        </div>
      )}
      {open && (
        <div className="picker__search">
          <label htmlFor={p.value ? `${p.id}-q` : p.id} className="visually-hidden">
            {p.label} — {t('orgPicker.searchLabel')}
          </label>
          <input
            ref={input}
            id={p.value ? `${p.id}-q` : p.id}
            type="search"
            className="field-input field-input--medium"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKey}
            placeholder={t('orgPicker.placeholder')}
            aria-describedby={[`${p.id}-label`, p.hint ? `${p.id}-hint` : '', `${p.id}-error`].join(' ').trim()}
            aria-invalid={!!p.error || undefined}
            aria-controls={`${p.id}-results`}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
          />
          <p role="status" className="search-status">
            {status}
          </p>
          {all.state === 'loading' && <Busy />}
          {all.state === 'error' && <ErrorMessage error={all.error} onRetry={all.retry} />}
          {remote.state === 'error' && <ErrorMessage error={remote.error} onRetry={remote.retry} />}
          <ul
            id={`${p.id}-results`}
            className="search-results"
            aria-label={t('search.results')}
            hidden={shown.length === 0}
            onKeyDown={onListKey}
          >
            {shown.map((o) => (
              <li key={o.id}>
                <button type="button" className="search-result search-result--button" onClick={() => choose(o)}>
                  <span className="search-result__name">{o.name}</span>
                  <span className="search-result__path">
                    {[o.edrpou ? `ЄДРПОУ ${o.edrpou}` : null, o.territory?.name].filter(Boolean).join(' · ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
