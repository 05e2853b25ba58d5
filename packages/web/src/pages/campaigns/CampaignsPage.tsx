import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import './campaigns.css';
import { formatDate } from '../../lib/date';
import { can, ownSchoolId } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { campaignsApi } from './campaignApi';
import { scopeText } from './parts';

const loadList = (_key: string, signal: AbortSignal) => campaignsApi.list({ signal });

/**
 * «Кампанії актуалізації»: the campaigns of the user's scope, newest first. A school's people go straight to their
 * school's work in a campaign; authorities to its monitoring; those who may open campaigns get «Нова кампанія».
 */
export default function CampaignsPage() {
  const t = useT();
  const me = useMe();
  const school = ownSchoolId(me);
  const list = useResource('campaigns', loadList);
  useDocumentTitle(t('camp.list.title'));
  return (
    <div className="page page--wide">
      <PageHeading ready={list.state !== 'loading'}>{t('camp.list.title')}</PageHeading>
      <p className="lead">{t(school ? 'camp.list.leadSchool' : 'camp.list.lead')}</p>
      {can(me, 'campaign:manage') && (
        <p>
          <Link to="/campaigns/new" className="button-link">
            {t('camp.new')}
          </Link>
        </p>
      )}
      {list.state === 'loading' && <Busy />}
      {list.state === 'error' && <ErrorMessage error={list.error} onRetry={list.retry} />}
      {list.state === 'ready' &&
        (list.data.items.length === 0 ? (
          <p>{t('camp.list.empty')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('camp.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('camp.col.title')}</th>
                <th scope="col">{t('camp.col.deadline')}</th>
                <th scope="col">{t('camp.col.scope')}</th>
                <th scope="col">{t('camp.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={school ? `/campaigns/${c.id}/schools/${school}` : `/campaigns/${c.id}`}>{c.title}</Link>
                  </th>
                  <td>{formatDate(c.deadline)}</td>
                  <td>{scopeText(t, c)}</td>
                  <td>{t(c.status === 'open' ? 'camp.open' : 'camp.closed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
