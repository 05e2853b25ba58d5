import { isAbortError, type Organisation } from '@aikom/sdk';
import { Link, useLocation, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Fact } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/date';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { REFERENCE_FIELDS, versionChanges, type FieldChange } from './history';
import { kindLabel, ownershipLabel, schoolTypeLabel, settlementLabel, statusLabel } from './labels';
import { plainText } from '../../lib/text';

const loadOrganisation = (id: string, signal: AbortSignal) => api.organisations.get(id, { signal });
const loadHistory = (id: string, signal: AbortSignal) => api.organisations.history(id, { signal });
const loadChildren = (id: string, signal: AbortSignal) =>
  api.organisations.list({ parentId: id, limit: 100 }, { signal });
/** The parent, when the user may see it (an ОУО administrator does not see their region's record). */
const loadParent = (id: string, signal: AbortSignal) =>
  api.organisations.get(id, { signal }).then(
    (r) => r.data,
    (error: unknown) => {
      if (isAbortError(error)) throw error;
      return null;
    },
  );

/**
 * An organisation: its details, where it sits in the cascade, what its users may open from here (a school's pupils
 * and data quality, its users), the administrators' actions (edit, create an ОУО or a school under it) and every
 * stored version with what changed.
 */
export default function OrganisationPage() {
  const { id = '' } = useParams();
  const t = useT();
  const location = useLocation();
  const org = useResource(id, loadOrganisation);
  const data = org.state === 'ready' ? org.data.data : undefined;
  useDocumentTitle(data ? data.name : t('orgs.title'));
  const saved = (location.state as { saved?: string } | null)?.saved;
  return (
    <div className="page">
      <p className="back-link">
        <Link to="/organisations">{t('orgs.backToTree')}</Link>
      </p>
      <PageHeading ready={org.state !== 'loading'}>{data ? data.name : t('orgs.title')}</PageHeading>
      {saved && (
        <p className="notice notice--done" role="status">
          {saved}
        </p>
      )}
      {org.state === 'loading' && <Busy />}
      {org.state === 'error' && <ErrorMessage error={org.error} onRetry={org.retry} />}
      {data && <OrganisationDetails org={data} />}
    </div>
  );
}

function OrganisationDetails({ org }: { org: Organisation }) {
  const t = useT();
  const me = useMe();
  const parent = useResource(org.parentId, loadParent);
  const own = me?.organisation.id === org.id;
  const isSchool = org.kind === 'school';
  return (
    <>
      <p className="subtitle">
        {kindLabel(t, org.kind)}
        {parent.state === 'ready' && parent.data && (
          <>
            {' · '}
            {t('orgs.parent')}: <Link to={`/organisations/${parent.data.id}`}>{parent.data.name}</Link>
          </>
        )}
      </p>
      <nav className="toolbar" aria-label={t('orgs.actions')}>
        <ul>
          {isSchool && can(me, 'pupil:read') && (
            <>
              <li>
                <Link className="button-link" to={`/schools/${org.id}`}>
                  {t('orgs.pupils')}
                </Link>
              </li>
              <li>
                <Link className="button-link button-link--secondary" to={`/quality/${org.id}`}>
                  {t('nav.quality')}
                </Link>
              </li>
            </>
          )}
          {can(me, 'organisation:update') && (
            <li>
              <Link className="button-link button-link--secondary" to={`/organisations/${org.id}/edit`}>
                {t('orgs.edit')}
              </Link>
            </li>
          )}
          {org.kind === 'region' && can(me, 'organisation:create') && (
            <li>
              <Link className="button-link button-link--secondary" to={`/organisations/${org.id}/new/ouo`}>
                {t('orgs.createOuo')}
              </Link>
            </li>
          )}
          {org.kind === 'ouo' && can(me, 'organisation:create') && (
            <li>
              <Link className="button-link button-link--secondary" to={`/organisations/${org.id}/new/school`}>
                {t('orgs.createSchool')}
              </Link>
            </li>
          )}
          {can(me, 'user:read') && !own && (
            <li>
              <Link className="button-link button-link--secondary" to={`/users?organisationId=${org.id}`}>
                {t('orgs.users')}
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('orgs.details')}</h2>
        <dl className="facts facts--stacked">
          {org.shortName && <Fact label={t('org.field.shortName')}>{org.shortName}</Fact>}
          <Fact label={t('org.field.edrpou')}>{org.edrpou ? <code>{org.edrpou}</code> : '—'}</Fact>
          <Fact label={t('org.field.territory')}>
            {org.territory ? (
              <Link to={`/territories/${org.territory.code}`}>
                {org.territory.name} <code>{org.territory.code}</code>
              </Link>
            ) : (
              '—'
            )}
          </Fact>
          {isSchool && (
            <>
              <Fact label={t('org.field.schoolType')}>{schoolTypeLabel(t, org.schoolType, org.schoolTypeLabel)}</Fact>
              <Fact label={t('org.field.ownership')}>{ownershipLabel(t, org.ownership)}</Fact>
              <Fact label={t('org.field.settlementType')}>{settlementLabel(t, org.settlementType)}</Fact>
              {org.gradeMin !== null && org.gradeMax !== null && (
                <Fact label={t('org.field.grades')}>{t('org.grades', { min: org.gradeMin, max: org.gradeMax })}</Fact>
              )}
            </>
          )}
          <Fact label={t('org.field.status')}>
            {statusLabel(t, org.status)}
            {org.status === 'relocated' && org.originalTerritory && (
              <>
                {' — '}
                {t('org.relocatedFrom')}{' '}
                <Link to={`/territories/${org.originalTerritory.code}`}>{org.originalTerritory.name}</Link>
              </>
            )}
          </Fact>
          {org.founder && <Fact label={t('org.field.founder')}>{org.founder}</Fact>}
          {org.address && <Fact label={t('org.field.address')}>{org.address}</Fact>}
          <Fact label={t('org.updated')}>
            {formatDateTime(org.updatedAt)} ({t('org.version', { version: org.version })})
          </Fact>
        </dl>
      </section>
      {org.childCount > 0 && <ChildOrganisations org={org} />}
      <History id={org.id} />
    </>
  );
}

function ChildOrganisations({ org }: { org: Organisation }) {
  const t = useT();
  const children = useResource(org.id, loadChildren);
  return (
    <section aria-labelledby="children-title">
      <h2 id="children-title">
        {t('orgs.subordinate')} <span className="count">({org.childCount})</span>
      </h2>
      {children.state === 'loading' && <Busy />}
      {children.state === 'error' && <ErrorMessage error={children.error} onRetry={children.retry} />}
      {children.state === 'ready' && (
        <ul className="unit-list" aria-labelledby="children-title">
          {children.data.items.map((c) => (
            <li key={c.id} className="unit-list__item">
              <Link to={`/organisations/${c.id}`} className="unit-list__link">
                {c.name}
              </Link>
              <span className="unit-list__count">
                {kindLabel(t, c.kind)}
                {c.edrpou ? ` · ЄДРПОУ ${c.edrpou}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function changeValue(t: Translate, change: FieldChange, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = plainText(value);
  if (change.field === 'school_type') return schoolTypeLabel(t, text);
  if (change.field === 'ownership') return ownershipLabel(t, text);
  if (change.field === 'status') return statusLabel(t, text);
  if (change.field === 'settlement_type') return settlementLabel(t, text);
  return text;
}

function History({ id }: { id: string }) {
  const t = useT();
  const history = useResource(id, loadHistory);
  const rows = history.state === 'ready' ? versionChanges(history.data) : [];
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('orgs.history')}</h2>
      {history.state === 'loading' && <Busy />}
      {history.state === 'error' && <ErrorMessage error={history.error} onRetry={history.retry} />}
      {history.state === 'ready' && (
        <table className="table">
          <caption className="visually-hidden">{t('orgs.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('orgs.historyVersion')}</th>
              <th scope="col">{t('orgs.historyWhen')}</th>
              <th scope="col">{t('orgs.historyWho')}</th>
              <th scope="col">{t('orgs.historyWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.version}>
                <td data-label={t('orgs.historyVersion')}>{row.version}</td>
                <td data-label={t('orgs.historyWhen')}>{formatDateTime(row.changedAt)}</td>
                <td data-label={t('orgs.historyWho')}>{row.changedBy ?? '—'}</td>
                <td data-label={t('orgs.historyWhat')}>
                  {row.changes === null ? (
                    t('orgs.created')
                  ) : row.changes.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="changes">
                      {row.changes.map((c) => (
                        <li key={c.field}>
                          <strong>{t(`org.column.${c.field}`)}</strong>
                          {REFERENCE_FIELDS.has(c.field)
                            ? ` — ${t('orgs.changed')}`
                            : `: ${changeValue(t, c, c.before)} → ${changeValue(t, c, c.after)}`}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
