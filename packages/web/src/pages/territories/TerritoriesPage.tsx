import { isKatottg, TERRITORY_CATEGORIES, isTerritoryCategory } from '@aikom/domain/territory';
import type { Territory, TerritoryDetail } from '@aikom/sdk';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { useT } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/uk';
import { useResource } from '../../lib/useResource';
import { ChildList } from './ChildList';
import { loadChildren, loadTerritoryPage } from './data';
import { ErrorMessage } from './ErrorMessage';
import { TerritorySearch } from './TerritorySearch';
import { TerritoryStatus } from './TerritoryStatus';

/**
 * «Територіальний устрій»: a drill-down through the KATOTTH tree. Every unit is a page (`/territories/UA…`, so
 * links can be shared and the browser's Back goes up), with its path as breadcrumbs, its status on the list of
 * hostilities and occupation, and its children as links one level down, loaded when the unit is opened.
 */
const loadTop = (_key: string, signal: AbortSignal) => loadChildren('', signal);

const childrenHeading = (level: number): MessageKey =>
  level === 1 || level === 2 || level === 3 || level === 5 ? `terr.children.${level}` : 'terr.children.4';

export default function TerritoriesPage() {
  const { code } = useParams();
  return code ? <TerritoryView code={code} /> : <TopLevel />;
}

function TopLevel() {
  const t = useT();
  useDocumentTitle(t('terr.title'));
  const top = useResource('top', loadTop);
  return (
    <div className="page page--territories">
      <PageHeading>{t('terr.title')}</PageHeading>
      <p className="lead">{t('terr.intro')}</p>
      <TerritorySearch />
      <section aria-labelledby="children-heading" aria-busy={top.state === 'loading'}>
        <h2 id="children-heading">{t('terr.children.1')}</h2>
        {top.state === 'loading' && (
          <p role="status" className="loading">
            {t('terr.loading')}
          </p>
        )}
        {top.state === 'error' && <ErrorMessage error={top.error} onRetry={top.retry} />}
        {top.state === 'ready' && <ChildList items={top.data} labelledBy="children-heading" />}
      </section>
    </div>
  );
}

function TerritoryView({ code }: { code: string }) {
  const t = useT();
  const valid = isKatottg(code);
  const page = useResource(valid ? code : null, loadTerritoryPage);
  const detail = page.state === 'ready' ? page.data.detail : undefined;
  useDocumentTitle(detail ? `${detail.displayName} — ${t('terr.title')}` : t('terr.title'));

  const failed = !valid || page.state === 'error';
  return (
    <div className="page page--territories">
      <TerritorySearch />
      <Breadcrumbs detail={detail} />
      <PageHeading ready={failed || page.state === 'ready'}>
        {detail ? detail.displayName : failed ? t('error.title') : t('terr.title')}
      </PageHeading>
      {!valid && (
        <div role="alert" className="error-message">
          <p>{t('error.badCode', { code })}</p>
        </div>
      )}
      {valid && page.state === 'loading' && (
        <p role="status" className="loading">
          {t('terr.loading')}
        </p>
      )}
      {valid && page.state === 'error' && <ErrorMessage error={page.error} code={code} onRetry={page.retry} />}
      {page.state === 'ready' && <TerritoryContent detail={page.data.detail} children={page.data.children} />}
    </div>
  );
}

function Breadcrumbs({ detail }: { detail: TerritoryDetail | undefined }) {
  const t = useT();
  return (
    <nav aria-label={t('terr.breadcrumbs')} className="breadcrumbs">
      <ol>
        <li>
          <Link to="/territories">{t('terr.root')}</Link>
        </li>
        {detail?.path.map((p) => (
          <li key={p.code}>
            <Link to={`/territories/${p.code}`}>{p.displayName}</Link>
          </li>
        ))}
        {detail && (
          <li>
            <span aria-current="page">{detail.displayName}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}

function TerritoryContent({ detail, children }: { detail: TerritoryDetail; children: readonly Territory[] }) {
  const t = useT();
  const category = isTerritoryCategory(detail.category)
    ? TERRITORY_CATEGORIES[detail.category][t.language]
    : detail.categoryLabel;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('terr.category')}</dt>
          <dd>{category}</dd>
        </div>
        <div>
          <dt>{t('terr.code')}</dt>
          <dd>
            <code>{detail.code}</code>
          </dd>
        </div>
      </dl>
      <TerritoryStatus detail={detail} />
      {children[0] && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">
            {t(childrenHeading(children[0].level))} <span className="count">({children.length})</span>
          </h2>
          <ChildList items={children} labelledBy="children-heading" />
        </section>
      )}
    </>
  );
}
