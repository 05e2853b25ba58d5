import { isAbortError, isApiError } from '@aikom/sdk';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, RadioGroup, SelectField, TextArea, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { errorText, fieldErrorText } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useMe } from '../../lib/useSession';
import { CountrySelect } from '../pupils/CountrySelect';
import { fullName } from '../pupils/labels';
import { ErrorMessage } from '../territories/ErrorMessage';
import {
  transitionsApi,
  type ExceptionInput,
  type History,
  type LeaveReason,
  type Preview,
  type PreviewPupil,
} from './api';
import { currentYear, moveLabel } from './common';

interface Loaded {
  fromYear: string;
  preview: Preview;
  history: History;
}

async function load(schoolId: string, signal: AbortSignal): Promise<Loaded> {
  const years = await transitionsApi.schoolYears({ signal });
  const from = currentYear(years);
  if (!from) throw new Error('no open school year');
  const [preview, history] = await Promise.all([
    transitionsApi.preview(schoolId, from.label, { signal }),
    transitionsApi.history(schoolId, { signal }),
  ]);
  return { fromYear: from.label, preview, history };
}

/**
 * «Переведення учнів»: the school's preview of the year-end transition per class (who moves up, who repeats, who
 * graduates or leaves, what blocks it), the exceptions the school marks, then apply — and undo until the year is
 * closed. After applying, the classes of the new year.
 */
export default function TransitionPage() {
  const { schoolId = '' } = useParams();
  const t = useT();
  const me = useMe();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<{ text: string; tone: 'done' | 'error' } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<PreviewPupil | null>(null);
  const [orderNumber, setOrderNumber] = useState('');
  const id = useId();

  useEffect(() => {
    const controller = new AbortController();
    load(schoolId, controller.signal).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => {
        if (!isAbortError(e)) setError(e);
      },
    );
    return () => controller.abort();
  }, [schoolId, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const p = data?.preview;
  useDocumentTitle(p ? `${t('tr.title')} — ${p.school.name}` : t('tr.title'));
  const writable = can(me, 'transition:run');

  const act = async (what: 'apply' | 'undo') => {
    if (!data) return;
    setBusy(what === 'apply' ? t('tr.applying') : t('tr.undoing'));
    setNotice(null);
    try {
      if (what === 'apply') {
        const r = await transitionsApi.apply(
          schoolId,
          data.fromYear,
          orderNumber.trim() ? { orderNumber: orderNumber.trim() } : {},
        );
        setNotice({
          tone: 'done',
          text: t('tr.applied', { count: r.transition.counts.pupils, year: r.transition.toYear }),
        });
      } else {
        const r = await transitionsApi.undo(schoolId, data.fromYear);
        setNotice({ tone: 'done', text: t('tr.undone', { count: r.reopened }) });
      }
      reload();
    } catch (e) {
      setNotice({ tone: 'error', text: errorText(t, e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page page--wide">
      <PageHeading ready={data !== null || error !== null}>{t('tr.title')}</PageHeading>
      {p && (
        <p className="subtitle">
          <Link to={`/schools/${p.school.id}`}>{p.school.name}</Link>
          {p.school.edrpou && ` · ЄДРПОУ ${p.school.edrpou}`} ·{' '}
          {t('tr.years', { from: p.fromYear.label, to: p.toYear?.label ?? '—' })}
        </p>
      )}
      <nav className="toolbar" aria-label={t('tr.actions')}>
        <ul>
          <li>
            <Link className="button-link button-link--secondary" to={`/schools/${schoolId}/first-graders`}>
              {t('fg.title')}
            </Link>
          </li>
          <li>
            <Link className="button-link button-link--secondary" to={`/schools/${schoolId}/arrivals`}>
              {t('arr.title')}
            </Link>
          </li>
          <li>
            <Link className="button-link button-link--secondary" to={`/transit?schoolId=${schoolId}`}>
              {t('pool.title')}
            </Link>
          </li>
        </ul>
      </nav>
      {notice && (
        <p className={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {!data && !error && <Busy />}
      {error !== null && !data && <ErrorMessage error={error} onRetry={reload} />}
      {p && data && (
        <>
          <section aria-labelledby={`${id}-state`} className="card-section">
            <h2 id={`${id}-state`}>{p.applied ? t('tr.state.applied') : t('tr.state.preview')}</h2>
            {p.applied ? (
              <p>
                {t('tr.appliedOn', {
                  date: formatDate(p.applied.appliedAt),
                  count: p.applied.counts.pupils,
                  year: p.applied.toYear,
                })}
              </p>
            ) : (
              <p>{t('tr.previewLead', { close: formatDate(p.closeDate), entry: formatDate(p.entryDate) })}</p>
            )}
            <dl className="facts">
              {(['pupils', 'promote', 'repeat', 'graduate', 'leave'] as const).map((k) => (
                <div className="fact" key={k}>
                  <dt>{t(`tr.count.${k}`)}</dt>
                  <dd>{(p.applied?.counts ?? p.totals)[k]}</dd>
                </div>
              ))}
            </dl>
            {!p.toYear || p.toYear.status !== 'open' ? (
              <p className="notice notice--warning">{t('tr.nextNotOpen', { year: p.toYear?.label ?? '' })}</p>
            ) : null}
            {p.blockers.length > 0 && !p.applied && (
              <div className="notice notice--error">
                <h3>{t('tr.blockers')}</h3>
                <ul>
                  {p.blockers.map((b) => (
                    <li key={`${b.code}-${b.grade ?? ''}-${b.classLetter ?? ''}`}>
                      {b.message} ({b.count})
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {p.warnings.length > 0 && !p.applied && (
              <div className="notice notice--warning">
                <h3>{t('tr.warnings')}</h3>
                <ul>
                  {p.warnings.map((w) => (
                    <li key={`${w.code}-${w.grade ?? ''}-${w.classLetter ?? ''}`}>
                      {w.message} ({w.count})
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {writable && !p.applied && (
              <div className="form-actions">
                <TextField
                  id={`${id}-order`}
                  label={t('tr.orderNumber')}
                  required={false}
                  value={orderNumber}
                  onChange={setOrderNumber}
                  maxLength={50}
                  width="medium"
                />
                <button
                  type="button"
                  className="button"
                  disabled={!p.canApply || busy !== null}
                  onClick={() => void act('apply')}
                >
                  {t('tr.apply')}
                </button>
              </div>
            )}
            {writable && p.applied && p.fromYear.status !== 'closed' && (
              <div className="form-actions">
                <button
                  type="button"
                  className="button button--danger"
                  disabled={busy !== null}
                  onClick={() => void act('undo')}
                >
                  {t('tr.undo')}
                </button>
              </div>
            )}
            {busy && <Busy label={busy} />}
          </section>

          {p.applied ? (
            <section aria-labelledby={`${id}-new`}>
              <h2 id={`${id}-new`}>{t('tr.newClasses', { year: p.applied.toYear })}</h2>
              <table className="table">
                <caption className="visually-hidden">{t('tr.newClasses', { year: p.applied.toYear })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tr.col.class')}</th>
                    <th scope="col" className="num">
                      {t('tr.col.pupils')}
                    </th>
                    <th scope="col" className="num">
                      {t('tr.col.promoted')}
                    </th>
                    <th scope="col" className="num">
                      {t('tr.col.repeating')}
                    </th>
                    <th scope="col" className="num">
                      {t('tr.col.maxSize')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.history.newClasses.map((c) => (
                    <tr key={c.label}>
                      <th scope="row">{c.label}</th>
                      <td className="num">{c.pupils}</td>
                      <td className="num">{c.promoted}</td>
                      <td className="num">{c.repeating}</td>
                      <td className="num">{c.maxSize}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : (
            <>
              <section aria-labelledby={`${id}-classes`}>
                <h2 id={`${id}-classes`}>{t('tr.classes')}</h2>
                {p.classes.length === 0 ? (
                  <p>{t('tr.noClasses')}</p>
                ) : (
                  <table className="table">
                    <caption className="visually-hidden">{t('tr.classes')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('tr.col.class')}</th>
                        <th scope="col" className="num">
                          {t('tr.col.pupils')}
                        </th>
                        <th scope="col">{t('tr.col.to')}</th>
                        <th scope="col" className="num">
                          {t('tr.count.promote')}
                        </th>
                        <th scope="col" className="num">
                          {t('tr.count.repeat')}
                        </th>
                        <th scope="col" className="num">
                          {t('tr.count.graduate')}
                        </th>
                        <th scope="col" className="num">
                          {t('tr.count.leave')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.classes.map((c) => (
                        <tr key={c.label}>
                          <th scope="row">{c.label}</th>
                          <td className="num">{c.pupils}</td>
                          <td>{c.to ? `${c.to.grade}-${c.to.classLetter}` : t('tr.move.graduate')}</td>
                          <td className="num">{c.counts.promote}</td>
                          <td className="num">{c.counts.repeat}</td>
                          <td className="num">{c.counts.graduate}</td>
                          <td className="num">{c.counts.leave}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              {p.classes.map((c) => {
                const pupils = p.pupils.filter((x) => x.grade === c.grade && x.classLetter === c.classLetter);
                return (
                  <section key={c.label} aria-labelledby={`${id}-c-${c.label}`}>
                    <h3 id={`${id}-c-${c.label}`}>{t('tr.classPupils', { label: c.label })}</h3>
                    <table className="table table--compact">
                      <caption className="visually-hidden">{t('tr.classPupils', { label: c.label })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('tr.col.pupil')}</th>
                          <th scope="col">{t('tr.col.birthDate')}</th>
                          <th scope="col">{t('tr.col.move')}</th>
                          <th scope="col">{t('tr.col.note')}</th>
                          {writable && <th scope="col">{t('table.actions')}</th>}
                        </tr>
                      </thead>
                      <tbody>
                        {pupils.map((x) => (
                          <tr key={x.enrolmentId}>
                            <th scope="row">{fullName(x)}</th>
                            <td>{formatDate(x.birthDate)}</td>
                            <td>{moveLabel(t, x.move, x.to)}</td>
                            <td>
                              {x.exception && <ExceptionNote pupil={x} />}
                              {x.validationErrors > 0 && (
                                <span className="badge badge--error">
                                  {t('tr.validationErrors', { count: x.validationErrors })}
                                </span>
                              )}
                            </td>
                            {writable && (
                              <td>
                                <button
                                  type="button"
                                  className="button button--small button--secondary"
                                  onClick={() => setEditing(x)}
                                  aria-label={t('tr.exception.editFor', { name: fullName(x) })}
                                >
                                  {t('tr.exception.edit')}
                                </button>
                              </td>
                            )}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </section>
                );
              })}
            </>
          )}
          {data.history.transitions.length > 0 && (
            <section aria-labelledby={`${id}-history`}>
              <h2 id={`${id}-history`}>{t('tr.history')}</h2>
              <ul className="history">
                {data.history.transitions.map((h) => (
                  <li key={h.id}>
                    {t('tr.historyItem', {
                      from: h.fromYear,
                      to: h.toYear,
                      date: formatDate(h.appliedAt),
                      count: h.counts.pupils,
                    })}
                    {h.undoneAt && ` — ${t('tr.historyUndone', { date: formatDate(h.undoneAt) })}`}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Dialog open={editing !== null} onClose={() => setEditing(null)} title={t('tr.exception.title')}>
            {editing && (
              <ExceptionForm
                schoolId={schoolId}
                fromYear={data.fromYear}
                closeDate={p.closeDate}
                pupil={editing}
                onCancel={() => setEditing(null)}
                onDone={(text) => {
                  setEditing(null);
                  setNotice({ tone: 'done', text });
                  reload();
                }}
              />
            )}
          </Dialog>
        </>
      )}
    </div>
  );
}

function ExceptionNote({ pupil }: { pupil: PreviewPupil }) {
  const t = useT();
  const x = pupil.exception!;
  if (x.kind === 'repeat')
    return <span className="badge badge--info">{t(`tr.basis.${x.basis ?? 'parent_request'}`)}</span>;
  const where = x.destination?.name ?? (x.destinationCountry ? x.destinationCountry : null);
  return (
    <span className="badge badge--warning">
      {t(`tr.leave.${x.reason ?? 'other'}`)}
      {where ? ` → ${where}` : ''}
      {!x.confirmed ? ` (${t('tr.exception.unconfirmed')})` : ''}
    </span>
  );
}

type Field = 'kind' | 'basis' | 'reason' | 'destinationEdrpou' | 'destinationCountry' | 'date' | 'note';
const FIELDS: readonly Field[] = ['kind', 'basis', 'reason', 'destinationEdrpou', 'destinationCountry', 'date', 'note'];

function ExceptionForm({
  schoolId,
  fromYear,
  closeDate,
  pupil,
  onCancel,
  onDone,
}: {
  schoolId: string;
  fromYear: string;
  closeDate: string;
  pupil: PreviewPupil;
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const t = useT();
  const id = useId();
  const x = pupil.exception;
  const [v, setV] = useState({
    kind: x?.kind ?? 'none',
    basis: x?.basis ?? (pupil.grade <= 2 ? 'parent_request' : 'council_decision'),
    reason: x?.reason ?? '',
    destinationEdrpou: x?.destination?.edrpou ?? '',
    destinationCountry: x?.destinationCountry ?? '',
    date: x?.date ?? closeDate,
    note: x?.note ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const fid = (f: Field) => `${id}-${f}`;
  const set = (f: Field) => (value: string) => {
    setV((s) => ({ ...s, [f]: value }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const report = (found: Partial<Record<Field, string>>, rest: string[] = []) => {
    setErrors(found);
    setProblems([
      ...rest.map((message) => ({ field: null, message })),
      ...FIELDS.filter((f) => found[f]).map((f) => ({ field: fid(f), message: found[f]! })),
    ]);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (v.kind === 'leave') {
      if (!v.reason) found.reason = t('tr.exception.error.reason');
      if (v.reason === 'abroad' && !v.destinationCountry) found.destinationCountry = t('exit.error.country');
      if (v.destinationEdrpou.trim() && !/^\d{8}$/.test(v.destinationEdrpou.trim()))
        found.destinationEdrpou = t('exit.error.edrpou');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) found.date = t('form.dateInvalid');
    }
    if (Object.keys(found).length > 0) return report(found);
    setBusy(true);
    try {
      if (v.kind === 'none') {
        if (x) await transitionsApi.removeException(schoolId, fromYear, pupil.enrolmentId);
      } else {
        const body: ExceptionInput =
          v.kind === 'repeat'
            ? { kind: 'repeat', basis: v.basis, ...(v.note.trim() ? { note: v.note.trim() } : {}) }
            : {
                kind: 'leave',
                reason: v.reason as LeaveReason,
                date: v.date,
                ...(v.reason === 'transfer' && v.destinationEdrpou.trim()
                  ? { destinationEdrpou: v.destinationEdrpou.trim() }
                  : {}),
                ...(v.reason === 'abroad' && v.destinationCountry ? { destinationCountry: v.destinationCountry } : {}),
                ...(v.note.trim() ? { note: v.note.trim() } : {}),
              };
        await transitionsApi.setException(schoolId, fromYear, pupil.enrolmentId, body);
      }
      onDone(t('tr.exception.saved', { name: fullName(pupil) }));
    } catch (e) {
      const byField: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      if (isApiError(e)) {
        for (const fe of e.errors) {
          const f = fe.path.slice(1) as Field;
          if (FIELDS.includes(f)) byField[f] = fieldErrorText(t, fe);
          else rest.push(fieldErrorText(t, fe));
        }
      }
      if (Object.keys(byField).length === 0 && rest.length === 0) rest.push(errorText(t, e));
      report(byField, rest);
    } finally {
      setBusy(false);
    }
  };

  const toSchool = v.reason === 'transfer';
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <p>{t('tr.exception.lead', { name: fullName(pupil), label: `${pupil.grade}-${pupil.classLetter}` })}</p>
      <ErrorSummary items={problems} focusKey={attempt} />
      <RadioGroup
        id={fid('kind')}
        label={t('tr.exception.kind')}
        value={v.kind}
        onChange={set('kind')}
        error={errors.kind}
        options={[
          { value: 'none', label: t('tr.exception.none') },
          { value: 'repeat', label: t('tr.exception.repeat') },
          { value: 'leave', label: t('tr.exception.leave') },
        ]}
      />
      {v.kind === 'repeat' && (
        <SelectField
          id={fid('basis')}
          label={t('tr.exception.basis')}
          value={v.basis}
          onChange={set('basis')}
          error={errors.basis}
          options={(['parent_request', 'council_decision'] as const).map((b) => ({
            value: b,
            label: t(`tr.basis.${b}`),
          }))}
        />
      )}
      {v.kind === 'leave' && (
        <>
          <SelectField
            id={fid('reason')}
            label={t('tr.exception.reason')}
            value={v.reason}
            onChange={set('reason')}
            error={errors.reason}
            placeholder={t('form.choose')}
            options={(['transfer', 'vocational', 'abroad', 'other'] as const).map((r) => ({
              value: r,
              label: t(`tr.leave.${r}`),
            }))}
          />
          {toSchool && (
            <TextField
              id={fid('destinationEdrpou')}
              label={t('exit.destination')}
              hint={t('exit.destinationHint')}
              required={false}
              value={v.destinationEdrpou}
              onChange={set('destinationEdrpou')}
              error={errors.destinationEdrpou}
              inputMode="numeric"
              maxLength={8}
              width="short"
            />
          )}
          {v.reason === 'abroad' && (
            <CountrySelect
              id={fid('destinationCountry')}
              label={t('exit.country')}
              value={v.destinationCountry}
              onChange={set('destinationCountry')}
              error={errors.destinationCountry}
              foreignOnly
            />
          )}
          <DateField
            id={fid('date')}
            label={t('exit.date')}
            value={v.date}
            onChange={set('date')}
            error={errors.date}
          />
        </>
      )}
      {v.kind !== 'none' && (
        <TextArea
          id={fid('note')}
          label={t('exit.note')}
          required={false}
          value={v.note}
          onChange={set('note')}
          error={errors.note}
          maxLength={1000}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('form.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      {busy && <Busy label={t('form.saving')} />}
    </form>
  );
}
