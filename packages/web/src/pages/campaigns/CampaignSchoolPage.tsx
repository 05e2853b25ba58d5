import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import './campaigns.css';
import { formatDate, formatDateTime, localIsoDate } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { issueText } from '../pupils/labels';
import { ErrorMessage } from '../territories/ErrorMessage';
import { campaignsApi, type SchoolView } from './campaignApi';
import { daysLeftText, Progress, StatusBadge } from './parts';

const loadSchool = (key: string, signal: AbortSignal) => {
  const [id, schoolId] = key.split('|', 2) as [string, string];
  return campaignsApi.school(id, schoolId, { signal });
};

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * A school in a campaign: what is still missing or invalid, pupil by pupil (each a link to the pupil's card, where it
 * is fixed), the progress bar, and «Підтвердити актуальність даних», enabled only when nothing blocking remains.
 * After confirming: who confirmed and when (late if after the deadline); data changed afterwards reopens it, with a
 * notice. Authorities reach this page by drilling down from the monitoring.
 */
export default function CampaignSchoolPage() {
  const { id = '', schoolId = '' } = useParams();
  const t = useT();
  const me = useMe();
  const view = useResource(`${id}|${schoolId}`, loadSchool);
  const [confirmed, setConfirmed] = useState<SchoolView['school'] | null>(null);
  const title = view.state === 'ready' ? view.data.campaign.title : t('camp.school.title');
  useDocumentTitle(view.state === 'ready' ? `${view.data.campaign.title} — ${view.data.school.name}` : title);
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to={can(me, 'campaign:confirm') ? '/campaigns' : `/campaigns/${id}`}>
          {can(me, 'campaign:confirm') ? t('camp.backToList') : t('camp.backToMonitor')}
        </Link>
      </p>
      <PageHeading ready={view.state !== 'loading'}>{title}</PageHeading>
      {view.state === 'loading' && <Busy />}
      {view.state === 'error' && <ErrorMessage error={view.error} onRetry={view.retry} />}
      {view.state === 'ready' && (
        <SchoolPanel
          view={confirmed ? { ...view.data, school: confirmed } : view.data}
          mayConfirm={can(me, 'campaign:confirm')}
          onConfirmed={(s) => {
            setConfirmed(s);
          }}
        />
      )}
    </div>
  );
}

function SchoolPanel({
  view,
  mayConfirm,
  onConfirmed,
}: {
  view: SchoolView;
  mayConfirm: boolean;
  onConfirmed: (s: SchoolView['school']) => void;
}) {
  const t = useT();
  const { campaign, school, items } = view;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const daysLeft = Math.round(dayNumber(campaign.deadline) - dayNumber(localIsoDate()));
  const open = items.length;
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await campaignsApi.confirm(campaign.id, school.schoolId);
      onConfirmed(s);
      setNotice(s.confirmedLate ? t('camp.school.confirmedLateNow') : t('camp.school.confirmedNow'));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="subtitle">{school.name}</p>
      {school.status === 'reopened' && (
        <div className="campaign-notice campaign-notice--reopened" role="alert">
          <h2>{t('camp.school.reopenedTitle')}</h2>
          <p>{t('camp.school.reopenedText')}</p>
        </div>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>{t('camp.col.deadline')}</dt>
          <dd>
            {formatDate(campaign.deadline)} ({daysLeftText(t, daysLeft)})
          </dd>
        </div>
        <div className="fact">
          <dt>{t('camp.col.state')}</dt>
          <dd>
            <StatusBadge status={school.status} late={school.confirmedLate} />
          </dd>
        </div>
        {school.confirmedAt && (
          <div className="fact">
            <dt>{t('camp.school.confirmedBy')}</dt>
            <dd>
              {t('camp.school.confirmedByText', {
                name: school.confirmedBy ?? '—',
                at: formatDateTime(school.confirmedAt),
              })}
              {school.confirmedLate ? ` — ${t('camp.school.lateText')}` : ''}
            </dd>
          </div>
        )}
      </dl>
      {campaign.instructions && (
        <section aria-labelledby="instructions-title">
          <h2 id="instructions-title">{t('camp.school.instructions')}</h2>
          <p className="campaign-instructions">{campaign.instructions}</p>
        </section>
      )}
      <section aria-labelledby="progress-title">
        <h2 id="progress-title">{t('camp.school.progress')}</h2>
        <Progress value={school.completion} label={t('camp.school.progress')}>
          {t('camp.school.progressText', { done: school.pupilsDone, pupils: school.pupils })}
        </Progress>
        {campaign.requiresConfirmation && mayConfirm && school.status !== 'confirmed' && (
          <div className="campaign-confirm">
            <button
              type="button"
              className="button"
              disabled={!school.canConfirm || busy}
              aria-describedby="confirm-hint"
              onClick={() => void confirm()}
            >
              {t('camp.school.confirm')}
            </button>
            <p id="confirm-hint" className="field-hint">
              {school.canConfirm ? t('camp.school.confirmHint') : t('camp.school.confirmBlocked', { count: open })}
            </p>
            {busy && <Busy label={t('camp.school.confirming')} />}
          </div>
        )}
        {!campaign.requiresConfirmation && <p className="note">{t('camp.school.noConfirmation')}</p>}
        {error && (
          <p role="alert" className="error-message">
            {error}
          </p>
        )}
        <p role="status" className="status-line status-line--done" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
      </section>
      <section aria-labelledby="items-title">
        <h2 id="items-title">
          {t('camp.school.items')} <span className="count">({open})</span>
        </h2>
        {open === 0 ? (
          <p className="status-item status-item--clear">{t('camp.school.noItems')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('camp.school.items')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('camp.col.pupil')}</th>
                <th scope="col">{t('camp.col.class')}</th>
                <th scope="col">{t('camp.col.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.pupilId}>
                  <th scope="row">
                    <Link to={`/pupils/${i.pupilId}`}>{i.name}</Link>
                  </th>
                  <td>{i.class}</td>
                  <td>
                    <ul className="campaign-problems">
                      {i.problems.map((p) => (
                        <li key={p.code}>{issueText(t, p)}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
