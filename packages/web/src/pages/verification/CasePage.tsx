import { caseMove, type CaseActorRole, type CaseStatus } from '@aikom/domain/linkage/missing-children';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Fact, SelectField, TextArea } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';
import { useMe } from '../../lib/useSession';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { verification, type CaseDetail } from './api';
import {
  caseStatusLabel,
  dateOrDash,
  evidenceText,
  failureText,
  fullName,
  labelOf,
  reasonLabel,
  sexLabel,
} from './shared';

const loadCase = (key: string, signal: AbortSignal) => verification.case(key.split('#')[0]!, { signal });

/**
 * A case of a potentially missing child (its every view audited by the server): who the child is, the identifiers
 * to look them up by, why they are listed and on what evidence, the status moves the reader may make (an outcome
 * needs a note saying how it was established), notes, and the history of the case.
 */
export default function CasePage() {
  const { id = '' } = useParams();
  const t = useT();
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const c = useResource(`${id}#${reload}`, loadCase);
  const number = c.state === 'ready' ? c.data.number : null;
  useDocumentTitle(number ? t('ver.case.title', { number }) : t('ver.cases.title'));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/verification/cases">{t('ver.case.back')}</Link>
      </p>
      <PageHeading ready={c.state !== 'loading'}>
        {number ? t('ver.case.title', { number }) : t('ver.cases.title')}
      </PageHeading>
      {c.state === 'loading' && <Busy />}
      {c.state === 'error' && <ErrorMessage error={c.error} onRetry={c.retry} />}
      {notice && (
        <p className="notice notice--done" role="status">
          {notice}
        </p>
      )}
      {c.state === 'ready' && (
        <CaseView
          c={c.data}
          onChanged={(text) => {
            setNotice(text);
            setReload((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function CaseView({ c, onChanged }: { c: CaseDetail; onChanged: (notice: string) => void }) {
  const t = useT();
  const cert = c.identifiers.birthCertificate;
  return (
    <>
      <p className="subtitle">{fullName(c)}</p>
      <dl className="facts card-grid">
        <Fact label={t('ver.case.status')}>{caseStatusLabel(t, c.status.code, c.status.label)}</Fact>
        <Fact label={t('ver.case.birthDate')}>{dateOrDash(c.birthDate)}</Fact>
        <Fact label={t('ver.case.sex')}>{sexLabel(t, c.sex)}</Fact>
        <Fact label={t('ver.case.residence')}>{c.residence?.name ?? '—'}</Fact>
        <Fact label={t('ver.case.ouo')}>{c.ouo?.name ?? '—'}</Fact>
        <Fact label={t('ver.case.region')}>{c.region?.name ?? '—'}</Fact>
        <Fact label={t('ver.case.certificate')}>{cert ? `${cert.series} ${cert.number}` : '—'}</Fact>
        <Fact label={t('ver.case.unzr')}>{c.identifiers.unzr ?? '—'}</Fact>
        <Fact label={t('ver.case.rnokpp')}>{c.identifiers.rnokpp ?? '—'}</Fact>
        <Fact label={t('ver.case.opened')}>{formatDateTime(c.openedAt)}</Fact>
        {c.closedAt && <Fact label={t('ver.case.closed')}>{formatDateTime(c.closedAt)}</Fact>}
        {c.subject.personId && (
          <Fact label={t('ver.case.pupil')}>
            <Link to={`/pupils/${c.subject.personId}`}>{fullName(c)}</Link>
          </Fact>
        )}
      </dl>
      <section aria-labelledby="reasons-title" className="card-section">
        <h2 id="reasons-title">{t('ver.case.reasons')}</h2>
        <ul>
          {c.reasons.map((r) => (
            <li key={r.code}>
              <strong>{reasonLabel(t, r.code, r.label)}</strong>
              {t.language === 'uk' && <> — {r.label}</>}
            </li>
          ))}
        </ul>
        <h3>{t('ver.case.evidence')}</h3>
        <ul>
          {c.evidence.map((e, i) => (
            <li key={i}>{evidenceText(t, e)}</li>
          ))}
        </ul>
      </section>
      {c.allowedStatuses.length > 0 ? (
        <MoveForm c={c} onMoved={onChanged} />
      ) : (
        <p className="notice">{t('ver.case.closedNote')}</p>
      )}
      <NoteForm c={c} onAdded={onChanged} />
      <section aria-labelledby="history-title" className="history-section">
        <h2 id="history-title">{t('ver.case.history')}</h2>
        <table className="table table--compact">
          <caption className="visually-hidden">{t('ver.case.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ver.col.at')}</th>
              <th scope="col">{t('ver.col.event')}</th>
              <th scope="col">{t('ver.col.note')}</th>
              <th scope="col">{t('ver.col.by')}</th>
            </tr>
          </thead>
          <tbody>
            {c.history.map((h, i) => (
              <tr key={i}>
                <td>{formatDateTime(h.at)}</td>
                <td>
                  {labelOf(t, `ver.history.${h.kind}`, h.kind)}
                  {h.toStatus && <>: {caseStatusLabel(t, h.toStatus)}</>}
                </td>
                <td>{h.note ?? ''}</td>
                <td>{h.by ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function MoveForm({ c, onMoved }: { c: CaseDetail; onMoved: (notice: string) => void }) {
  const t = useT();
  const id = useId();
  const me = useMe();
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!status) next[`${id}-status`] = t('ver.case.noStatus');
    // The domain's rule, before asking the server (which applies it again): an outcome needs its note.
    else if (
      me &&
      caseMove(me.role as CaseActorRole, c.status.code as CaseStatus, status, note) === 'CASE_NOTE_REQUIRED'
    )
      next[`${id}-note`] = t('ver.case.noteRequired');
    setErrors(next);
    setAttempt((n) => n + 1);
    if (Object.keys(next).length > 0) return;
    setSaving(true);
    try {
      const moved = await verification.move(c.id, {
        status,
        version: c.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setStatus('');
      setNote('');
      onMoved(t('ver.case.moved', { status: caseStatusLabel(t, moved.status.code, moved.status.label) }));
    } catch (error) {
      // A missing note is the note's error; anything else is the form's.
      const text = failureText(t, error);
      setErrors(
        (error as { code?: string }).code === 'CASE_NOTE_REQUIRED'
          ? { [`${id}-note`]: text }
          : { [`${id}-form`]: text },
      );
      setAttempt((n) => n + 1);
    }
    setSaving(false);
  };
  const summary: SummaryItem[] = Object.entries(errors).map(([field, message]) => ({
    field: field.endsWith('-form') ? null : field,
    message,
  }));
  return (
    <section aria-labelledby={`${id}-title`} className="form-section">
      <h2 id={`${id}-title`}>{t('ver.case.move')}</h2>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          id={`${id}-status`}
          label={t('ver.case.newStatus')}
          value={status}
          onChange={setStatus}
          placeholder={t('form.choose')}
          options={c.allowedStatuses.map((s) => ({ value: s.code, label: caseStatusLabel(t, s.code, s.label) }))}
          error={errors[`${id}-status`]}
          width="medium"
        />
        <TextArea
          id={`${id}-note`}
          label={t('ver.case.note')}
          hint={t('ver.case.noteHint')}
          value={note}
          onChange={setNote}
          maxLength={4000}
          rows={3}
          required={false}
          error={errors[`${id}-note`]}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            {t('ver.case.moveSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function NoteForm({ c, onAdded }: { c: CaseDetail; onAdded: (notice: string) => void }) {
  const t = useT();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setError(t('ver.case.noteEmpty'));
      return;
    }
    setError(null);
    try {
      await verification.note(c.id, note.trim());
      setNote('');
      onAdded(t('ver.case.noteAdded'));
    } catch (e) {
      setError(failureText(t, e));
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="form-section">
      <h2 id={`${id}-title`}>{t('ver.case.addNote')}</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextArea
          id={`${id}-text`}
          label={t('ver.case.noteText')}
          value={note}
          onChange={setNote}
          maxLength={4000}
          rows={2}
          error={error}
        />
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            {t('ver.case.noteSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
