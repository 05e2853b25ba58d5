import type { Issue, PupilCard, PupilEvent } from '@aikom/sdk';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Fact } from '../../components/fields';
import { TerritoryListing } from '../../components/TerritoryPicker';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/date';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { loadDetail } from '../territories/data';
import { ErrorMessage } from '../territories/ErrorMessage';
import { ExitDialog } from './ExitDialog';
import {
  CONTACT_STATUSES,
  DISPLACEMENT_STATUSES,
  EDUCATION_FORMS,
  INSTRUCTION_LANGUAGES,
  SEXES,
  capital,
  classLabel,
  country,
  entryBasisLabel,
  enumLabel,
  eventLabel,
  exitReasonLabel,
  fullName,
  issueText,
  recordFieldLabel,
  sourceLabel,
} from './labels';
import { classPath } from './paths';
import { plainText } from '../../lib/text';

const loadCard = (id: string, signal: AbortSignal) => api.pupils.get(id, { signal });
const loadTerritory = (code: string, signal: AbortSignal) => loadDetail(code, signal);

/** What the page that saved the pupil wants the card to say (and the warnings the save returned). */
export interface CardNotice {
  saved?: string;
  warnings?: Issue[];
}

/**
 * The pupil card: every field of the exchange record in readable words, the current errors and warnings of the
 * record, and its full history — enrolment spells, displacement and contact records, and every event with who made
 * it and from where. Writers edit it and record an exit from here.
 */
export default function PupilCardPage() {
  const { id = '' } = useParams();
  const t = useT();
  const location = useLocation();
  const card = useResource(id, loadCard);
  const [exited, setExited] = useState('');
  const data = card.state === 'ready' ? card.data.data : undefined;
  useDocumentTitle(data ? `${fullName(data.record)} — ${t('card.title')}` : t('card.title'));
  const notice = (location.state as CardNotice | null) ?? null;
  return (
    <div className="page">
      {data?.school && (
        <p className="back-link">
          {data.record.enrollment ? (
            <Link
              to={classPath(
                data.school.id,
                classLabel(data.record.enrollment.grade, data.record.enrollment.classLetter ?? 'А'),
              )}
            >
              {t('card.backToClass', {
                label: classLabel(data.record.enrollment.grade, data.record.enrollment.classLetter ?? 'А'),
              })}
            </Link>
          ) : (
            <Link to={`/schools/${data.school.id}`}>{t('class.back')}</Link>
          )}
        </p>
      )}
      <PageHeading ready={card.state !== 'loading'}>{data ? fullName(data.record) : t('card.title')}</PageHeading>
      {card.state === 'loading' && <Busy />}
      {card.state === 'error' && <ErrorMessage error={card.error} onRetry={card.retry} />}
      {(exited || notice?.saved) && (
        <div className="notice notice--done" role="status">
          <p>{exited || notice?.saved}</p>
          {!exited && notice?.warnings && notice.warnings.length > 0 && (
            <p>{t('card.savedWithWarnings', { count: notice.warnings.length })}</p>
          )}
        </div>
      )}
      {data && (
        <CardContent
          card={data}
          onExited={(text) => {
            setExited(text);
            card.retry();
          }}
        />
      )}
    </div>
  );
}

function CardContent({ card, onExited }: { card: PupilCard; onExited: (text: string) => void }) {
  const t = useT();
  const me = useMe();
  const [exitOpen, setExitOpen] = useState(false);
  const r = card.record;
  const writer = can(me, 'pupil:write');
  const lastSpell = card.history.enrolments[0];
  return (
    <>
      <p className="subtitle">
        {card.school && <Link to={`/schools/${card.school.id}`}>{card.school.name}</Link>}
        {r.enrollment && ` · ${t('card.class', { label: classLabel(r.enrollment.grade, r.enrollment.classLetter) })}`}
        {!card.enrolled && (
          <span className="badge badge--exited">
            {' '}
            {lastSpell?.exitDate
              ? t('card.exitedOn', {
                  date: formatDate(lastSpell.exitDate),
                  reason: exitReasonLabel(t, lastSpell.exitReason),
                })
              : t('card.notEnrolled')}
          </span>
        )}
      </p>
      {writer && card.enrolled && (
        <nav className="toolbar" aria-label={t('card.actions')}>
          <ul>
            <li>
              <Link className="button-link" to={`/pupils/${card.id}/edit`}>
                {t('card.edit')}
              </Link>
            </li>
            <li>
              <button type="button" className="button button--secondary" onClick={() => setExitOpen(true)}>
                {t('exit.open')}
              </button>
            </li>
          </ul>
        </nav>
      )}
      <ExitDialog
        open={exitOpen}
        pupil={card}
        onClose={() => setExitOpen(false)}
        onDone={(text) => {
          setExitOpen(false);
          onExited(text);
        }}
      />
      <QualitySection card={card} />
      <div className="card-grid">
        <CardSection title={t('card.person')}>
          <Fact label={t('pupil.lastName')}>{r.lastName}</Fact>
          <Fact label={t('pupil.firstName')}>{r.firstName}</Fact>
          <Fact label={t('pupil.middleName')}>{r.middleName ?? '—'}</Fact>
          <Fact label={t('pupil.sex')}>{capital(enumLabel(t, SEXES, r.sex))}</Fact>
          <Fact label={t('pupil.birthDate')}>{r.birthDate ? formatDate(r.birthDate) : t('card.notRecorded')}</Fact>
          <Fact label={t('pupil.citizenship')}>{country(t, r.citizenship)}</Fact>
        </CardSection>
        <CardSection title={t('card.documents')}>
          <Fact label={t('pupil.certificate')}>
            {r.birthCertificate ? (
              <>
                {[r.birthCertificate.series, r.birthCertificate.number].filter(Boolean).join(' ')}
                {r.birthCertificate.issuedCountry && r.birthCertificate.issuedCountry !== 'UA' && (
                  <> ({t('card.issuedIn', { country: country(t, r.birthCertificate.issuedCountry) })})</>
                )}
              </>
            ) : (
              t('card.notRecorded')
            )}
          </Fact>
          <Fact label={t('pupil.unzr')}>{r.unzr ?? '—'}</Fact>
          <Fact label={t('pupil.rnokpp')}>{r.rnokpp ?? '—'}</Fact>
        </CardSection>
        <CardSection title={t('card.residence')}>
          <Fact label={t('pupil.residenceKatottg')}>
            {r.residence?.katottg ? <TerritoryName code={r.residence.katottg} /> : '—'}
          </Fact>
          <Fact label={t('pupil.residenceAddress')}>{r.residence?.address ?? '—'}</Fact>
        </CardSection>
        <CardSection title={t('card.displacement')}>
          <Fact label={t('pupil.displacementStatus')}>
            {r.displacement
              ? capital(enumLabel(t, DISPLACEMENT_STATUSES, r.displacement.status))
              : t('card.notRecorded')}
          </Fact>
          {r.displacement && r.displacement.status !== 'none' && (
            <Fact label={t('pupil.displacementSince')}>
              {r.displacement.since ? formatDate(r.displacement.since) : '—'}
            </Fact>
          )}
          {r.displacement?.status === 'internal' && (
            <>
              <Fact label={t('pupil.origin')}>
                {r.displacement.originKatottg ? <TerritoryName code={r.displacement.originKatottg} withStatus /> : '—'}
              </Fact>
              <Fact label={t('pupil.idpCertificate')}>{r.displacement.idpCertificate ?? '—'}</Fact>
            </>
          )}
          {r.displacement?.status === 'external' && (
            <Fact label={t('pupil.displacementCountry')}>{country(t, r.displacement.country)}</Fact>
          )}
        </CardSection>
        <CardSection title={t('card.contact')}>
          <Fact label={t('pupil.contactStatus')}>
            {r.contact ? capital(enumLabel(t, CONTACT_STATUSES, r.contact.status)) : t('card.notRecorded')}
          </Fact>
          {r.contact?.lostSince && <Fact label={t('pupil.contactLostSince')}>{formatDate(r.contact.lostSince)}</Fact>}
          {r.contact?.note && <Fact label={t('pupil.contactNote')}>{r.contact.note}</Fact>}
        </CardSection>
        <CardSection title={t('card.education')}>
          <Fact label={t('pupil.educationForm')}>{capital(enumLabel(t, EDUCATION_FORMS, r.educationForm))}</Fact>
          <Fact label={t('pupil.instructionLanguage')}>
            {capital(enumLabel(t, INSTRUCTION_LANGUAGES, r.instructionLanguage))}
          </Fact>
          <Fact label={t('pupil.specialNeeds')}>{r.specialNeeds ? t('card.yes') : t('card.no')}</Fact>
          {r.enrollment && (
            <>
              <Fact label={t('pupil.class')}>{classLabel(r.enrollment.grade, r.enrollment.classLetter)}</Fact>
              <Fact label={t('pupil.schoolYear')}>{r.enrollment.schoolYear}</Fact>
              <Fact label={t('pupil.entryDate')}>
                {r.enrollment.entryDate ? formatDate(r.enrollment.entryDate) : '—'}
              </Fact>
              <Fact label={t('pupil.orderNumber')}>{r.enrollment.orderNumber ?? '—'}</Fact>
            </>
          )}
        </CardSection>
      </div>
      <HistorySection card={card} />
      <p className="note">
        {t('card.meta', {
          created: formatDateTime(card.createdAt),
          updated: formatDateTime(card.updatedAt),
          source: sourceLabel(t, card.source),
          version: card.version,
        })}
      </p>
    </>
  );
}

function CardSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card-section">
      <h2>{title}</h2>
      <dl className="facts facts--stacked">{children}</dl>
    </section>
  );
}

function TerritoryName({ code, withStatus = false }: { code: string; withStatus?: boolean }) {
  const detail = useResource(code, loadTerritory);
  if (detail.state !== 'ready') return <code>{code}</code>;
  return (
    <>
      <Link to={`/territories/${code}`}>{detail.data.displayName}</Link>
      {detail.data.path.length > 0 && (
        <span className="note"> {detail.data.path.map((p) => p.displayName).join(' › ')}</span>
      )}
      {withStatus && <TerritoryListing detail={detail.data} />}
    </>
  );
}

function QualitySection({ card }: { card: PupilCard }) {
  const t = useT();
  const { errors, warnings } = card.quality;
  return (
    <section aria-labelledby="quality-title" className="quality-section">
      <h2 id="quality-title">{t('nav.quality')}</h2>
      {errors.length === 0 && warnings.length === 0 && (
        <p className="status-item status-item--clear">{t('card.noIssues')}</p>
      )}
      {errors.length > 0 && (
        <div className="issues issues--error">
          <h3>{t('card.errors', { count: errors.length })}</h3>
          <ul>
            {errors.map((i) => (
              <li key={`${i.code}-${i.path}`}>
                {issueText(t, i)} <span className="note">({i.code})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="issues issues--warning">
          <h3>{t('card.warnings', { count: warnings.length })}</h3>
          <ul>
            {warnings.map((i) => (
              <li key={`${i.code}-${i.path}`}>
                {issueText(t, i)} <span className="note">({i.code})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** What an event changed, in words: the fields of an update, the class of a creation, the reason of an exit. */
function eventChanges(t: Translate, e: PupilEvent): string {
  const c = e.changes;
  const parts: string[] = [];
  if (Array.isArray(c.fields)) parts.push(c.fields.map((f) => recordFieldLabel(t, plainText(f))).join(', '));
  if (typeof c.grade === 'number')
    parts.push(t('card.class', { label: classLabel(c.grade, typeof c.classLetter === 'string' ? c.classLetter : '') }));
  if (typeof c.reason === 'string') parts.push(exitReasonLabel(t, c.reason));
  if (typeof c.destinationCountry === 'string') parts.push(country(t, c.destinationCountry));
  if (parts.length === 0) {
    for (const [k, v] of Object.entries(c)) if (v !== null && v !== undefined) parts.push(`${k}: ${plainText(v)}`);
  }
  return parts.join(' · ') || '—';
}

function HistorySection({ card }: { card: PupilCard }) {
  const t = useT();
  const h = card.history;
  return (
    <section aria-labelledby="history-title" className="history-section">
      <h2 id="history-title">{t('card.history')}</h2>
      <h3 id="spells-title">{t('card.spells')}</h3>
      {h.enrolments.length === 0 ? (
        <p>—</p>
      ) : (
        <table className="table" aria-labelledby="spells-title">
          <thead>
            <tr>
              <th scope="col">{t('pupil.schoolYear')}</th>
              <th scope="col">{t('card.col.school')}</th>
              <th scope="col">{t('pupil.class')}</th>
              <th scope="col">{t('card.col.entry')}</th>
              <th scope="col">{t('card.col.exit')}</th>
              <th scope="col">{t('card.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {h.enrolments.map((e) => (
              <tr key={e.id}>
                <td data-label={t('pupil.schoolYear')}>{e.schoolYear}</td>
                <td data-label={t('card.col.school')}>{e.school.name}</td>
                <td data-label={t('pupil.class')}>{classLabel(e.grade, e.classLetter)}</td>
                <td data-label={t('card.col.entry')}>
                  {formatDate(e.entryDate)} — {entryBasisLabel(t, e.entryBasis)}
                  {e.orderNumber && <span className="note"> {t('card.order', { number: e.orderNumber })}</span>}
                </td>
                <td data-label={t('card.col.exit')}>
                  {e.exitDate ? (
                    <>
                      {formatDate(e.exitDate)} — {exitReasonLabel(t, e.exitReason)}
                      {e.destination?.schoolName && <span className="note"> → {e.destination.schoolName}</span>}
                      {e.destination?.country && <span className="note"> → {country(t, e.destination.country)}</span>}
                      {e.note && <span className="note"> ({e.note})</span>}
                    </>
                  ) : (
                    t('card.current')
                  )}
                </td>
                <td data-label={t('card.col.source')}>{sourceLabel(t, e.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="displacement-title">{t('card.displacementHistory')}</h3>
      <table className="table" aria-labelledby="displacement-title">
        <thead>
          <tr>
            <th scope="col">{t('card.col.recorded')}</th>
            <th scope="col">{t('pupil.displacementStatus')}</th>
            <th scope="col">{t('pupil.displacementSince')}</th>
            <th scope="col">{t('card.col.where')}</th>
            <th scope="col">{t('card.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {h.displacement.map((d, i) => (
            <tr key={`${d.recordedAt}-${i}`}>
              <td data-label={t('card.col.recorded')}>{formatDateTime(d.recordedAt)}</td>
              <td data-label={t('pupil.displacementStatus')}>
                {capital(enumLabel(t, DISPLACEMENT_STATUSES, d.status))}
              </td>
              <td data-label={t('pupil.displacementSince')}>{d.since ? formatDate(d.since) : '—'}</td>
              <td data-label={t('card.col.where')}>
                {d.origin ? d.origin.name : d.country ? country(t, d.country) : '—'}
                {d.idpCertificate && <span className="note"> {t('card.idp', { number: d.idpCertificate })}</span>}
              </td>
              <td data-label={t('card.col.source')}>{sourceLabel(t, d.source)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="contact-title">{t('card.contactHistory')}</h3>
      <table className="table" aria-labelledby="contact-title">
        <thead>
          <tr>
            <th scope="col">{t('card.col.recorded')}</th>
            <th scope="col">{t('pupil.contactStatus')}</th>
            <th scope="col">{t('pupil.contactLostSince')}</th>
            <th scope="col">{t('pupil.contactNote')}</th>
            <th scope="col">{t('card.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {h.contact.map((c, i) => (
            <tr key={`${c.recordedAt}-${i}`}>
              <td data-label={t('card.col.recorded')}>{formatDateTime(c.recordedAt)}</td>
              <td data-label={t('pupil.contactStatus')}>{capital(enumLabel(t, CONTACT_STATUSES, c.status))}</td>
              <td data-label={t('pupil.contactLostSince')}>{c.since ? formatDate(c.since) : '—'}</td>
              <td data-label={t('pupil.contactNote')}>{c.note ?? '—'}</td>
              <td data-label={t('card.col.source')}>{sourceLabel(t, c.source)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="events-title">{t('card.events')}</h3>
      <table className="table" aria-labelledby="events-title">
        <thead>
          <tr>
            <th scope="col">{t('card.col.when')}</th>
            <th scope="col">{t('card.col.event')}</th>
            <th scope="col">{t('card.col.changes')}</th>
            <th scope="col">{t('card.col.actor')}</th>
            <th scope="col">{t('card.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {h.events.map((e) => (
            <tr key={e.id}>
              <td data-label={t('card.col.when')}>{formatDateTime(e.at)}</td>
              <td data-label={t('card.col.event')}>{eventLabel(t, e.kind)}</td>
              <td data-label={t('card.col.changes')}>{eventChanges(t, e)}</td>
              <td data-label={t('card.col.actor')}>{e.actor ?? '—'}</td>
              <td data-label={t('card.col.source')}>{sourceLabel(t, e.source)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
