import type { TerritorySearchHit } from '@aikom/sdk';
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { useDebounced } from '../../lib/useDebounced';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from './ErrorMessage';

const MIN_LENGTH = 2;
const LIMIT = 20;
const DEBOUNCE_MS = 250;

const search = (q: string, signal: AbortSignal) => api.territories.search({ q, limit: LIMIT }, { signal });

/**
 * Search by name. Results are ordinary links (each reads as name + where it is); the down arrow moves from the box
 * into them, up/down/Home/End move between them, Escape returns to the box. The count is announced politely.
 */
export function TerritorySearch() {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const term = useDebounced(query.trim(), DEBOUNCE_MS);
  const active = term.length >= MIN_LENGTH && query.trim().length >= MIN_LENGTH;
  const results = useResource(active ? term : null, search);

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? []);

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      const first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const move = (i: number) => {
      event.preventDefault();
      if (i < 0) input.current?.focus();
      else all[Math.min(i, all.length - 1)]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') move(-1);
  };

  // A chosen result opens its page; the search is done.
  const done = useCallback(() => setQuery(''), []);

  let status = '';
  if (active && results.state === 'loading') status = t('search.searching');
  else if (active && results.state === 'ready') {
    status =
      results.data.length === 0
        ? t('search.none', { q: term })
        : t('search.found', { count: results.data.length }) +
          (results.data.length >= LIMIT ? ` ${t('search.more', { count: LIMIT })}` : '');
  }

  return (
    <div role="search" className="territory-search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-q`} className="field-label">
        {t('search.label')}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {t('search.hint')}
      </p>
      <input
        ref={input}
        id={`${id}-q`}
        type="search"
        className="field-input"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onInputKey}
        aria-describedby={`${id}-hint`}
        aria-controls={`${id}-results`}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
      />
      <p role="status" className="search-status">
        {status}
      </p>
      {active && results.state === 'error' && <ErrorMessage error={results.error} onRetry={results.retry} />}
      <ul
        ref={list}
        id={`${id}-results`}
        className="search-results"
        aria-label={t('search.results')}
        onKeyDown={onListKey}
        hidden={!(active && results.state === 'ready' && results.data.length > 0)}
      >
        {active &&
          results.state === 'ready' &&
          results.data.map((hit) => <SearchResult key={hit.code} hit={hit} onChoose={done} />)}
      </ul>
    </div>
  );
}

function SearchResult({ hit, onChoose }: { hit: TerritorySearchHit; onChoose: () => void }) {
  const t = useT();
  return (
    <li>
      <Link to={`/territories/${hit.code}`} onClick={onChoose} className="search-result">
        <span className="search-result__name">{hit.displayName}</span>
        {hit.pathLabel && <span className="search-result__path">{hit.pathLabel}</span>}
        {hit.listed && <span className="badge badge--listed">{t('terr.listedBadge')}</span>}
      </Link>
    </li>
  );
}
