import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { DateField, SelectField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, localIsoDate } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { fullName } from '../pupils/labels';
import { ErrorMessage } from '../territories/ErrorMessage';
import { transitionsApi, type Candidate, type CandidateQuery, type PendingArrival } from './api';
import { reasonLabel } from './common';

type Arriving =
  { kind: 'transfer'; arrival: PendingArrival } | { kind: 'candidate'; candidate: Candidate; query: CandidateQuery };

/**
 * «Прибуття учнів»: the pupils another school sent here (expected arrivals), and a search by the documents the parents
 * brought among pupils who left a school and are enrolled nowhere; enrolling one hands the record over and links the
 * two spells.
 */
export default function ArrivalsPage() {
  const { schoolId = '' } = useParams();
  const t = useT();
  const id = useId();
  const loader = useCallback((k: string, signal: AbortSignal) => transitionsApi.arrivals(k, { signal }), []);
  const arrivals = useResource(schoolId, loader);
  const [arriving, setArriving] = useState<Arriving | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [q, setQ] = useState({ identifier: '', lastName: '', firstName: '', birthDate: '' });
  const [found, setFound] = useState<{ items: Candidate[]; query: CandidateQuery } | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  useDocumentTitle(t('arr.title'));

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const query: CandidateQuery = q.identifier.trim()
      ? { identifier: q.identifier.trim() }
      : { lastName: q.lastName.trim(), firstName: q.firstName.trim(), birthDate: q.birthDate };
    if (!query.identifier && (!query.lastName || !query.firstName || !/^\d{4}-\d{2}-\d{2}$/.test(q.birthDate)))
      return setSearchError(t('arr.error.query'));
    setSearchError(null);
    setSearching(true);
    try {
      setFound({ items: await transitionsApi.candidates(schoolId, query), query });
    } catch (e) {
      setSearchError(errorText(t, e));
    } finally {
      setSearching(false);
    }
  };

  return (
    <div className="page page--wide">
      <PageHeading ready={arrivals.state !== 'loading'}>{t('arr.title')}</PageHeading>
      <p>
        <Link to={`/schools/${schoolId}/transition`}>{t('arr.back')}</Link>
      </p>
      {notice && (
        <p className="notice notice--done" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby={`${id}-expected`}>
        <h2 id={`${id}-expected`}>{t('arr.expected')}</h2>
        {arrivals.state === 'loading' && <Busy />}
        {arrivals.state === 'error' && <ErrorMessage error={arrivals.error} onRetry={arrivals.retry} />}
        {arrivals.data &&
          (arrivals.data.length === 0 ? (
            <p>{t('arr.none')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('arr.expected')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tr.col.pupil')}</th>
                  <th scope="col">{t('tr.col.birthDate')}</th>
                  <th scope="col">{t('arr.col.from')}</th>
                  <th scope="col">{t('pool.col.exit')}</th>
                  <th scope="col">{t('table.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {arrivals.data.map((a) => (
                  <tr key={a.transferId}>
                    <th scope="row">{fullName(a.pupil)}</th>
                    <td>{formatDate(a.pupil.birthDate)}</td>
                    <td>
                      {a.from.name} · {a.grade}-{a.classLetter}
                    </td>
                    <td>
                      {formatDate(a.exitDate)} · {reasonLabel(t, a.exitReason)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setArriving({ kind: 'transfer', arrival: a })}
                        aria-label={t('arr.enrolFor', { name: fullName(a.pupil) })}
                      >
                        {t('arr.enrol')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
      <section aria-labelledby={`${id}-search`}>
        <h2 id={`${id}-search`}>{t('arr.search')}</h2>
        <p>{t('arr.searchLead')}</p>
        <form onSubmit={(e) => void search(e)} noValidate aria-busy={searching} className="form">
          {searchError && (
            <p className="notice notice--error" role="alert">
              {searchError}
            </p>
          )}
          <TextField
            id={`${id}-identifier`}
            label={t('arr.identifier')}
            hint={t('arr.identifierHint')}
            required={false}
            value={q.identifier}
            onChange={(v) => setQ((s) => ({ ...s, identifier: v }))}
            maxLength={40}
            width="medium"
          />
          <div className="field-row">
            <TextField
              id={`${id}-last`}
              label={t('arr.lastName')}
              required={false}
              value={q.lastName}
              onChange={(v) => setQ((s) => ({ ...s, lastName: v }))}
              width="medium"
            />
            <TextField
              id={`${id}-first`}
              label={t('arr.firstName')}
              required={false}
              value={q.firstName}
              onChange={(v) => setQ((s) => ({ ...s, firstName: v }))}
              width="medium"
            />
            <DateField
              id={`${id}-birth`}
              label={t('tr.col.birthDate')}
              required={false}
              value={q.birthDate}
              onChange={(v) => setQ((s) => ({ ...s, birthDate: v }))}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={searching}>
              {t('arr.find')}
            </button>
          </div>
          {searching && <Busy />}
        </form>
        {found && (
          <div role="status">
            {found.items.length === 0 ? (
              <p>{t('arr.notFound')}</p>
            ) : (
              <ul className="search-results">
                {found.items.map((c) => (
                  <li key={c.personId} className="search-result">
                    <span className="search-result__name">{fullName(c.pupil)}</span> {formatDate(c.pupil.birthDate)} ·{' '}
                    {c.lastSchool.name} · {c.grade}-{c.classLetter} · {formatDate(c.exitDate)}{' '}
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setArriving({ kind: 'candidate', candidate: c, query: found.query })}
                      aria-label={t('arr.enrolFor', { name: fullName(c.pupil) })}
                    >
                      {t('arr.enrol')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      <Dialog open={arriving !== null} onClose={() => setArriving(null)} title={t('arr.dialog')}>
        {arriving && (
          <ArrivalForm
            schoolId={schoolId}
            arriving={arriving}
            onCancel={() => setArriving(null)}
            onDone={(text) => {
              setArriving(null);
              setFound(null);
              setNotice(text);
              arrivals.retry();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

function ArrivalForm({
  schoolId,
  arriving,
  onCancel,
  onDone,
}: {
  schoolId: string;
  arriving: Arriving;
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const t = useT();
  const id = useId();
  const pupil = arriving.kind === 'transfer' ? arriving.arrival.pupil : arriving.candidate.pupil;
  const leftGrade = arriving.kind === 'transfer' ? arriving.arrival.grade : arriving.candidate.grade;
  const [grade, setGrade] = useState(String(leftGrade));
  const [classLetter, setClassLetter] = useState(
    arriving.kind === 'transfer' ? arriving.arrival.classLetter : arriving.candidate.classLetter,
  );
  const [entryDate, setEntryDate] = useState(localIsoDate());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entryDate)) return setError(t('form.dateInvalid'));
    setBusy(true);
    setError(null);
    try {
      await transitionsApi.arrive(schoolId, {
        ...(arriving.kind === 'transfer'
          ? { transferId: arriving.arrival.transferId }
          : { personId: arriving.candidate.personId, ...arriving.query }),
        grade: Number(grade),
        ...(classLetter.trim() ? { classLetter: classLetter.trim() } : {}),
        entryDate,
      });
      onDone(t('arr.done', { name: fullName(pupil) }));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <p>{t('arr.dialogLead', { name: fullName(pupil) })}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <SelectField
        id={`${id}-grade`}
        label={t('arr.grade')}
        value={grade}
        onChange={setGrade}
        options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
        width="short"
      />
      <TextField
        id={`${id}-letter`}
        label={t('arr.classLetter')}
        value={classLetter}
        onChange={setClassLetter}
        maxLength={3}
        width="short"
      />
      <DateField id={`${id}-entry`} label={t('arr.entryDate')} value={entryDate} onChange={setEntryDate} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('arr.enrol')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      {busy && <Busy label={t('form.saving')} />}
    </form>
  );
}
