import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import './campaigns.css';
import { formatDateTime } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { campaignsApi, type Notification } from './campaignApi';
import { useLive } from './useLive';

const loadInbox = (_key: string, signal: AbortSignal) => campaignsApi.notifications({ signal });
const loadOutbox = (_key: string, signal: AbortSignal) => campaignsApi.outbox({ signal });

/**
 * «Сповіщення»: what was sent to the user's organisation (reminders, reopened campaigns), newest first, each marked
 * read once it is opened or dismissed. Administrators also see the e-mail outbox of their scope: without SMTP the
 * messages stay there, unsent — visibly, so a reminder is never lost in silence.
 */
export default function NotificationsPage() {
  const t = useT();
  const me = useMe();
  const inbox = useLive('inbox', loadInbox, 15_000);
  const [read, setRead] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle(t('notif.title'));
  const markRead = async (n: Notification) => {
    if (n.read || read.has(n.id)) return;
    try {
      await campaignsApi.markRead(n.id);
      setRead((s) => new Set([...s, n.id]));
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  const items = (inbox.data?.items ?? []).map((n) => (read.has(n.id) ? { ...n, read: true } : n));
  const unread = items.filter((n) => !n.read).length;
  return (
    <div className="page page--wide">
      <PageHeading ready={!inbox.loading}>{t('notif.title')}</PageHeading>
      {inbox.loading && <Busy />}
      {!inbox.loading && !inbox.data && <ErrorMessage error={inbox.error} onRetry={inbox.reload} />}
      {inbox.data && (
        <>
          <p className="lead">{unread > 0 ? t('notif.unread', { count: unread }) : t('notif.allRead')}</p>
          {error && (
            <p role="alert" className="error-message">
              {error}
            </p>
          )}
          {items.length === 0 ? (
            <p>{t('notif.empty')}</p>
          ) : (
            <ul className="notification-list">
              {items.map((n) => (
                <li key={n.id} className={`notification ${n.read ? 'notification--read' : 'notification--unread'}`}>
                  <h2 className="notification__title">
                    {!n.read && <span className="badge campaign-status campaign-status--open">{t('notif.new')}</span>}{' '}
                    {n.title}
                  </h2>
                  <p className="note">{formatDateTime(n.createdAt)}</p>
                  <p>{n.body}</p>
                  <p className="notification__actions">
                    {n.link && (
                      <Link to={n.link} onClick={() => void markRead(n)}>
                        {t('notif.open')}
                      </Link>
                    )}{' '}
                    {!n.read && (
                      <button type="button" className="link-button" onClick={() => void markRead(n)}>
                        {t('notif.markRead')}
                      </button>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {can(me, 'user:manage') && <Outbox />}
    </div>
  );
}

function Outbox() {
  const t = useT();
  const outbox = useLive('outbox', loadOutbox, 15_000);
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t('notif.outbox')}</h2>
      {outbox.loading && <Busy />}
      {!outbox.loading && !outbox.data && <ErrorMessage error={outbox.error} onRetry={outbox.reload} />}
      {outbox.data && (
        <>
          <p className={outbox.data.smtp ? 'note' : 'campaign-notice campaign-notice--info'}>
            {t(outbox.data.smtp ? 'notif.smtpOn' : 'notif.smtpOff')}
          </p>
          {outbox.data.items.length === 0 ? (
            <p>{t('notif.outboxEmpty')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('notif.outbox')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notif.col.to')}</th>
                  <th scope="col">{t('notif.col.subject')}</th>
                  <th scope="col">{t('notif.col.created')}</th>
                  <th scope="col">{t('notif.col.state')}</th>
                </tr>
              </thead>
              <tbody>
                {outbox.data.items.map((m) => (
                  <tr key={m.id}>
                    <td>{m.to}</td>
                    <th scope="row">
                      <details>
                        <summary>{m.subject}</summary>
                        <pre className="mail-body">{m.body}</pre>
                      </details>
                    </th>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>
                      {m.error
                        ? t('notif.mail.failed', { error: m.error })
                        : m.sentAt
                          ? t('notif.mail.sent', { at: formatDateTime(m.sentAt) })
                          : t('notif.mail.pending')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
