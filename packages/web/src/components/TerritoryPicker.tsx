import type { TerritoryDetail, TerritorySearchHit } from '@aikom/sdk';
import { useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';
import { api } from '../lib/api';
import { localIsoDate } from '../lib/date';
import { useDebounced } from '../lib/useDebounced';
import { useResource } from '../lib/useResource';
import { loadDetail } from '../pages/territories/data';
import { ErrorMessage } from '../pages/territories/ErrorMessage';
import { summarizeStatus } from '../pages/territories/status';
import { listingText } from '../pages/territories/TerritoryStatus';
import { Busy } from './Busy';
import { describedBy } from './fields';

const LIMIT = 20;

/** Searches each level at once and merges the hits (most important first, as the server orders them). */
function searchLevels(key: string, signal: AbortSignal): Promise<TerritorySearchHit[]> {
  const [levels, q] = key.split('|', 2) as [string, string];
  return Promise.all(
    levels.split(',').map((level) => api.territories.search({ q, level: Number(level), limit: LIMIT }, { signal })),
  ).then((lists) => lists.flat());
}

const loadPicked = (code: string, signal: AbortSignal) => loadDetail(code, signal);

/** What the reader needs to know of a territory's status on the list of hostilities and occupation. */
export function TerritoryListing({ detail }: { detail: TerritoryDetail }) {
  const t = useT();
  const summary = summarizeStatus(detail, localIsoDate());
  if (summary.state === 'listed') {
    return (
      <ul className="picked__status picked__status--listed">
        {summary.current.map((c) => (
          <li key={c.kind}>
            {listingText(t, c)}
            {c.via ? ` (${t('status.via', { name: c.via.name })})` : ''}
          </li>
        ))}
      </ul>
    );
  }
  if (summary.state === 'partial') {
    return (
      <p className="picked__status picked__status--partial">
        {t(detail.level === 3 ? 'status.partial.3' : 'status.partial.other')}
      </p>
    );
  }
  return <p className="picked__status picked__status--clear">{t('picker.notListed')}</p>;
}

export interface TerritoryPickerProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** KATOTTH levels to search (3 hromadas, 4 settlements, 5 city districts, 1 with `accept` for Kyiv). */
  levels: readonly number[];
  accept?: (hit: TerritorySearchHit) => boolean;
  /** The chosen code, '' for none. */
  value: string;
  onChange: (code: string) => void;
  error?: string | null | undefined;
  warning?: string | null | undefined;
  /** Show whether the chosen territory is on the list of hostilities and occupation. */
  showStatus?: boolean;
  required?: boolean;
  onBlur?: () => void;
}

/**
 * A KATOTTH territory chosen by name: a search box and its results as buttons (down arrow from the box into them,
 * up/down between them, Escape back). Once chosen, the territory is shown with where it is (and, for an origin
 * hromada, its status on the list of hostilities and occupation) and a button to change it.
 */
export function TerritoryPicker(p: TerritoryPickerProps) {
  const t = useT();
  const [changing, setChanging] = useState(false);
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const term = useDebounced(query.trim(), 250);
  const searching = (!p.value || changing) && term.length >= 2 && query.trim().length >= 2;
  const results = useResource(searching ? `${p.levels.join(',')}|${term}` : null, searchLevels);
  const picked = useResource(p.value || null, loadPicked);
  const { accept } = p;
  const hits = results.state === 'ready' ? results.data.filter((h) => !accept || accept(h)) : [];

  const buttons = () => Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
  const choose = (hit: TerritorySearchHit) => {
    p.onChange(hit.code);
    setChanging(false);
    setQuery('');
    // The chosen territory's «Змінити» takes the focus, so the keyboard is not left on a button that is gone.
    requestAnimationFrame(() => changeButton.current?.focus());
  };

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && buttons()[0]) {
      event.preventDefault();
      buttons()[0]!.focus();
    } else if (event.key === 'Enter') {
      // Enter in the box picks the only result rather than submitting the form.
      event.preventDefault();
      if (hits.length === 1) choose(hits[0]!);
    } else if (event.key === 'Escape' && (query || changing)) {
      event.preventDefault();
      setQuery('');
      if (p.value) {
        setChanging(false);
        requestAnimationFrame(() => changeButton.current?.focus());
      }
    }
  };
  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const move = (i: number) => {
      event.preventDefault();
      if (i < 0) input.current?.focus();
      else all[Math.min(i, all.length - 1)]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Escape') move(-1);
  };

  let status = '';
  if (searching && results.state === 'loading') status = t('search.searching');
  else if (searching && results.state === 'ready')
    status = hits.length === 0 ? t('search.none', { q: term }) : t('search.found', { count: hits.length });

  const invalid = !!p.error;
  const messages = { hint: p.hint, error: p.error, warning: p.warning };
  const showSearch = !p.value || changing;
  // Left when the focus leaves the whole picker (moving from the box into its results is not leaving it).
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (p.onBlur && !event.currentTarget.contains(event.relatedTarget)) p.onBlur();
  };
  return (
    <div className={`field picker ${invalid ? 'field--invalid' : ''}`} onBlur={onBlur}>
      <div className="field-label" id={`${p.id}-label`}>
        {p.label}
      </div>
      {p.hint && (
        <p id={`${p.id}-hint`} className="field-hint">
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
      {p.warning && (
        <p id={`${p.id}-warning`} className="field-warning">
          <span className="visually-hidden">{t('form.warningPrefix')} </span>
          {p.warning}
        </p>
      )}
      {p.value && (
        <div className="picked" aria-live="polite">
          {picked.state === 'loading' && <Busy />}
          {picked.state === 'error' && <ErrorMessage error={picked.error} code={p.value} onRetry={picked.retry} />}
          {picked.state === 'ready' && (
            <>
              <p className="picked__name">
                <span className="visually-hidden">{t('picker.chosen')}: </span>
                <strong>{picked.data.displayName}</strong>
                {picked.data.path.length > 0 && (
                  <span className="picked__path"> {picked.data.path.map((x) => x.displayName).join(' › ')}</span>
                )}
                <span className="picked__code">
                  {' '}
                  <code>{picked.data.code}</code>
                </span>
              </p>
              {p.showStatus && <TerritoryListing detail={picked.data} />}
            </>
          )}
          {!changing && (
            <div className="picked__actions">
              <button
                ref={changeButton}
                id={p.id}
                type="button"
                className="button button--small button--secondary"
                onClick={() => {
                  setChanging(true);
                  requestAnimationFrame(() => input.current?.focus());
                }}
                aria-describedby={`${p.id}-label ${describedBy(p.id, messages) ?? ''}`.trim()}
                aria-invalid={invalid || undefined}
              >
                {t('picker.change')}
              </button>
              {!p.required && (
                <button type="button" className="button button--small button--secondary" onClick={() => p.onChange('')}>
                  {t('picker.clear')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      {showSearch && (
        <div className="picker__search">
          <label htmlFor={p.value ? `${p.id}-q` : p.id} className="visually-hidden">
            {p.label} — {t('picker.searchLabel')}
          </label>
          <input
            ref={input}
            id={p.value ? `${p.id}-q` : p.id}
            type="search"
            className="field-input field-input--medium"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onInputKey}
            placeholder={t('picker.placeholder')}
            aria-describedby={`${p.id}-label ${describedBy(p.id, messages) ?? ''}`.trim()}
            aria-invalid={invalid || undefined}
            aria-controls={`${p.id}-results`}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
          />
          <p role="status" className="search-status">
            {status}
          </p>
          {searching && results.state === 'error' && <ErrorMessage error={results.error} onRetry={results.retry} />}
          <ul
            ref={list}
            id={`${p.id}-results`}
            className="search-results"
            aria-label={t('search.results')}
            onKeyDown={onListKey}
            hidden={hits.length === 0}
          >
            {hits.map((hit) => (
              <li key={hit.code}>
                <button type="button" className="search-result search-result--button" onClick={() => choose(hit)}>
                  <span className="search-result__name">{hit.displayName}</span>
                  {hit.pathLabel && <span className="search-result__path">{hit.pathLabel}</span>}
                  {hit.listed && <span className="badge badge--listed">{t('terr.listedBadge')}</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
