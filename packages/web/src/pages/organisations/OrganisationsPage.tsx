import type { Organisation, Page } from '@aikom/sdk';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { useDebounced } from '../../lib/useDebounced';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { kindLabel } from './labels';

const PAGE = 100;

const loadRoot = (id: string, signal: AbortSignal) => api.organisations.get(id, { signal }).then((r) => r.data);
const loadChildren = (key: string, signal: AbortSignal): Promise<Page<Organisation>> => {
  const [parentId, cursor] = key.split('|', 2) as [string, string];
  return api.organisations.list({ parentId, limit: PAGE, ...(cursor ? { cursor } : {}) }, { signal });
};
const searchOrganisations = (q: string, signal: AbortSignal) => api.organisations.list({ q, limit: 50 }, { signal });

/**
 * «Організації»: the organisation tree of the user's scope — their own organisation at the root, then regions →
 * ОУО → schools, each level loaded when it is opened — and a search by name or ЄДРПОУ.
 */
export default function OrganisationsPage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(t('orgs.title'));
  const root = useResource(me?.organisation.id ?? null, loadRoot);
  return (
    <div className="page">
      <PageHeading ready={root.state !== 'loading'}>{t('orgs.title')}</PageHeading>
      <p className="lead">{t('orgs.lead')}</p>
      <OrganisationSearch />
      <section aria-labelledby="tree-title">
        <h2 id="tree-title">{t('orgs.tree')}</h2>
        {root.state === 'loading' && <Busy />}
        {root.state === 'error' && <ErrorMessage error={root.error} onRetry={root.retry} />}
        {root.state === 'ready' && (
          <ul className="tree" aria-labelledby="tree-title">
            <TreeNode org={root.data} initiallyOpen />
          </ul>
        )}
      </section>
    </div>
  );
}

function TreeNode({ org, initiallyOpen = false }: { org: Organisation; initiallyOpen?: boolean }) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(initiallyOpen);
  const hasChildren = org.childCount > 0;
  return (
    <li className="tree__node">
      <div className="tree__row">
        {hasChildren ? (
          <button
            type="button"
            className="tree__toggle"
            aria-expanded={open}
            aria-controls={`${id}-children`}
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
            <span className="visually-hidden">
              {t(open ? 'orgs.collapse' : 'orgs.expand', { name: org.shortName ?? org.name })}
            </span>
          </button>
        ) : (
          <span className="tree__spacer" aria-hidden="true" />
        )}
        <Link to={`/organisations/${org.id}`} className="tree__link">
          {org.name}
        </Link>
        <span className="tree__meta">
          {kindLabel(t, org.kind)}
          {org.edrpou && ` · ЄДРПОУ ${org.edrpou}`}
          {hasChildren && ` · ${t('orgs.children', { count: org.childCount })}`}
        </span>
      </div>
      {hasChildren && open && (
        <div id={`${id}-children`}>
          <Children parentId={org.id} cursor="" />
        </div>
      )}
    </li>
  );
}

/** One page of children; «Показати ще» loads the next page below it. */
function Children({ parentId, cursor }: { parentId: string; cursor: string }) {
  const t = useT();
  const page = useResource(`${parentId}|${cursor}`, loadChildren);
  const [more, setMore] = useState(false);
  if (page.state === 'loading') return <Busy />;
  if (page.state === 'error') return <ErrorMessage error={page.error} onRetry={page.retry} />;
  return (
    <>
      <ul className="tree__children">
        {page.data.items.map((child) => (
          <TreeNode key={child.id} org={child} />
        ))}
      </ul>
      {page.data.nextCursor &&
        (more ? (
          <Children parentId={parentId} cursor={page.data.nextCursor} />
        ) : (
          <button type="button" className="button button--small button--secondary" onClick={() => setMore(true)}>
            {t('list.more')}
          </button>
        ))}
    </>
  );
}

function OrganisationSearch() {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const term = useDebounced(query.trim(), 300);
  const active = term.length >= 2 && query.trim().length >= 2;
  const results = useResource(active ? term : null, searchOrganisations);
  let status = '';
  if (active && results.state === 'loading') status = t('search.searching');
  else if (active && results.state === 'ready')
    status =
      results.data.items.length === 0
        ? t('search.none', { q: term })
        : t('orgPicker.count', { count: results.data.items.length });
  return (
    <div role="search" className="territory-search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-q`} className="field-label">
        {t('orgs.search')}
      </label>
      <p id={`${id}-hint`} className="field-hint">
        {t('orgs.searchHint')}
      </p>
      <input
        id={`${id}-q`}
        type="search"
        className="field-input"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
      />
      <p role="status" className="search-status">
        {status}
      </p>
      {active && results.state === 'error' && <ErrorMessage error={results.error} onRetry={results.retry} />}
      {active && results.state === 'ready' && results.data.items.length > 0 && (
        <ul className="search-results" aria-label={t('search.results')}>
          {results.data.items.map((o) => (
            <li key={o.id}>
              <Link to={`/organisations/${o.id}`} className="search-result">
                <span className="search-result__name">{o.name}</span>
                <span className="search-result__path">
                  {[kindLabel(t, o.kind), o.edrpou ? `ЄДРПОУ ${o.edrpou}` : null, o.territory?.name]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
