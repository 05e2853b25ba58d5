import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { RadioGroup, TextArea } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { verification, type Pair, type PairDetail, type Party } from './api';
import { dateOrDash, decimal, failureText, kindLabel, labelOf, percent, sexLabel } from './shared';

const loadPair = (key: string, signal: AbortSignal) => verification.pair(Number(key.split('#')[0]), { signal });

/** The value a party has for a compared field (identifiers are compared sealed: only their agreement is shown). */
function valueOf(p: Party, field: string, t: Translate): ReactNode {
  switch (field) {
    case 'lastName':
      return p.lastName || '—';
    case 'firstName':
      return p.firstName || '—';
    case 'middleName':
      return p.middleName ?? '—';
    case 'birthDate':
      return dateOrDash(p.birthDate);
    case 'sex':
      return sexLabel(t, p.sex);
    case 'hromada':
      return p.residence?.name ?? '—';
    default:
      // Identifiers are compared by their blind indexes: the review shows whether they agree, not the values.
      return <span className="field-hint">{t('ver.pair.sealed')}</span>;
  }
}

const sideTitle = (t: Translate, pair: Pair, p: Party) =>
  p.side === 'extract' ? t('ver.pair.side.extract', { kind: kindLabel(t, pair.kind) }) : t(`ver.pair.side.${p.side}`);

/**
 * One pair side by side: every compared field with both records' values and how far they agree (with the field's
 * match weight), the other facts of both records, the model's figures, the officer's decision with its reason
 * (audited, kept for the next versions), and the history of decisions, the last of which can be withdrawn.
 */
export default function PairPage() {
  const { id = '' } = useParams();
  const t = useT();
  const [reload, setReload] = useState(0);
  // The outcome of a decision outlives the reload of the pair it causes.
  const [done, setDone] = useState<string | null>(null);
  const pair = useResource(`${id}#${reload}`, loadPair);
  useDocumentTitle(t('ver.pair.title', { id }));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/verification/review">{t('ver.review.back')}</Link>
      </p>
      <PageHeading ready={pair.state !== 'loading'}>{t('ver.pair.title', { id })}</PageHeading>
      {pair.state === 'loading' && <Busy />}
      {pair.state === 'error' && <ErrorMessage error={pair.error} onRetry={pair.retry} />}
      {done && (
        <div className="notice notice--done" role="status">
          <p>{done}</p>
          <p>
            <Link to="/verification/review">{t('ver.decide.next')}</Link>
          </p>
        </div>
      )}
      {pair.state === 'ready' && (
        <PairView
          pair={pair.data}
          onChanged={(text) => {
            setDone(text);
            setReload((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function PairView({ pair, onChanged }: { pair: PairDetail; onChanged: (notice: string) => void }) {
  const t = useT();
  const last = pair.decisions[pair.decisions.length - 1];
  const standing = last && last.decision !== 'withdrawn' ? last : null;
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  const withdraw = async () => {
    setWithdrawError(null);
    try {
      await verification.withdraw(pair.linkId);
      onChanged(t('ver.decide.withdrawn'));
    } catch (error) {
      setWithdrawError(failureText(t, error));
    }
  };
  return (
    <>
      <p className="subtitle">
        {t('ver.pair.summary', {
          probability: percent(t, pair.probability),
          weight: decimal(t, pair.weight, 1),
          method: t(`ver.pair.method.${pair.method}`),
          status: t(`ver.pair.status.${pair.status}`),
        })}
        {pair.ambiguous && <> {t('ver.review.ambiguous')}.</>}
      </p>
      <table className="table table--compact comparison">
        <caption>{t('ver.pair.title', { id: pair.linkId })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ver.pair.field')}</th>
            <th scope="col">{sideTitle(t, pair, pair.left)}</th>
            <th scope="col">{sideTitle(t, pair, pair.right)}</th>
            <th scope="col">{t('ver.pair.agreement')}</th>
            <th scope="col">{t('ver.pair.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {pair.comparisons.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td>{valueOf(pair.left, c.field, t)}</td>
              <td>{valueOf(pair.right, c.field, t)}</td>
              <td>
                <span className={`badge ${agreementTone(c.level)}`}>
                  {c.level === null ? t('ver.level.missing') : labelOf(t, `ver.level.${c.level}`, c.level)}
                </span>
              </td>
              <td>{decimal(t, c.weight, 1)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('ver.pair.f.recordId')}</th>
            <td>{pair.left.recordId ?? '—'}</td>
            <td>{pair.right.recordId ?? '—'}</td>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="row">{t('ver.pair.f.eventDate')}</th>
            <td>{dateOrDash(pair.left.eventDate)}</td>
            <td>{dateOrDash(pair.right.eventDate)}</td>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="row">{t('ver.pair.f.school')}</th>
            <td>{schoolText(t, pair.left)}</td>
            <td>{schoolText(t, pair.right)}</td>
            <td colSpan={2} />
          </tr>
        </tbody>
      </table>
      <DecisionForm pair={pair} onSaved={onChanged} />
      <section aria-labelledby="decisions-title" className="history-section">
        <h2 id="decisions-title">{t('ver.decisions.title')}</h2>
        {pair.decisions.length === 0 ? (
          <p>{t('ver.decisions.none')}</p>
        ) : (
          <table className="table table--compact">
            <caption className="visually-hidden">{t('ver.decisions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ver.col.at')}</th>
                <th scope="col">{t('ver.col.decision')}</th>
                <th scope="col">{t('ver.col.note')}</th>
                <th scope="col">{t('ver.col.by')}</th>
              </tr>
            </thead>
            <tbody>
              {pair.decisions.map((d) => (
                <tr key={d.id}>
                  <td>{formatDateTime(d.decidedAt)}</td>
                  <td>{t(`ver.decision.${d.decision}`)}</td>
                  <td>{d.note ?? '—'}</td>
                  <td>{d.decidedBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {standing && (
          <p>
            <button type="button" className="button button--secondary" onClick={() => void withdraw()}>
              {t('ver.decide.withdraw')}
            </button>
          </p>
        )}
        {withdrawError && (
          <p className="notice notice--error" role="alert">
            {withdrawError}
          </p>
        )}
      </section>
    </>
  );
}

const agreementTone = (level: string | null) =>
  level === null
    ? 'badge--info'
    : ['exact', 'agree', 'phonetic'].includes(level)
      ? 'badge--clean'
      : level === 'other' || level === 'disagree'
        ? 'badge--error'
        : 'badge--warning';

function schoolText(t: Translate, p: Party): string {
  if (p.side !== 'registry') return '—';
  const name = p.school?.name ?? '—';
  if (p.enrolled === null) return name;
  return `${name} (${p.enrolled ? t('ver.pair.enrolled') : t('ver.pair.notEnrolled')})`;
}

function DecisionForm({ pair, onSaved }: { pair: PairDetail; onSaved: (text: string) => void }) {
  const t = useT();
  const id = useId();
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (choice !== 'match' && choice !== 'non_match') next[`${id}-choice`] = t('ver.decide.noChoice');
    if (note.trim().length < 3) next[`${id}-note`] = t('ver.decide.noNote');
    setErrors(next);
    setAttempt((n) => n + 1);
    setFailure(null);
    if (Object.keys(next).length > 0) return;
    setSaving(true);
    try {
      await verification.decide(pair.linkId, choice as 'match' | 'non_match', note);
      setChoice('');
      setNote('');
      onSaved(t(`ver.decide.saved.${choice as 'match' | 'non_match'}`));
    } catch (error) {
      setFailure(failureText(t, error));
    }
    setSaving(false);
  };
  const summary: SummaryItem[] = Object.entries(errors).map(([field, message]) => ({ field, message }));
  return (
    <section aria-labelledby={`${id}-title`} className="form-section">
      <h2 id={`${id}-title`}>{t('ver.decide.title')}</h2>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <RadioGroup
          id={`${id}-choice`}
          label={t('ver.decide.choice')}
          value={choice}
          onChange={setChoice}
          options={[
            { value: 'match', label: t('ver.decide.match') },
            { value: 'non_match', label: t('ver.decide.non_match') },
          ]}
          error={errors[`${id}-choice`]}
        />
        <TextArea
          id={`${id}-note`}
          label={t('ver.decide.note')}
          hint={t('ver.decide.noteHint')}
          value={note}
          onChange={setNote}
          maxLength={2000}
          rows={3}
          error={errors[`${id}-note`]}
        />
        {failure && (
          <p className="notice notice--error" role="alert">
            {failure}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            {t('ver.decide.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
