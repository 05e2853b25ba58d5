import { isApiError, type PupilRecord } from '@aikom/sdk';
import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, RadioGroup, SelectField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, localIsoDate } from '../../lib/date';
import { errorText, fieldErrorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { fullName } from '../pupils/labels';
import { ErrorMessage } from '../territories/ErrorMessage';
import { transitionsApi, type FormedClasses } from './api';
import { currentYear, nextYearLabel } from './common';

async function load(key: string, signal: AbortSignal) {
  const [schoolId, chosen] = key.split('|') as [string, string];
  const [years, history] = await Promise.all([
    transitionsApi.schoolYears({ signal }),
    transitionsApi.history(schoolId, { signal }),
  ]);
  const current = currentYear(years)?.label ?? years.at(-1)?.label ?? '';
  const options = [current, nextYearLabel(current)];
  const year = chosen && options.includes(chosen) ? chosen : nextYearLabel(current);
  const list = await transitionsApi.firstGraders(schoolId, year, { signal });
  return { school: history.school, options, year, items: list.items };
}

const EMPTY = {
  lastName: '',
  firstName: '',
  middleName: '',
  sex: '',
  birthDate: '',
  series: '',
  number: '',
  letter: 'А',
};
type Field = keyof typeof EMPTY;

/**
 * «Першокласники»: the children enrolled into grade 1 for a school year — one by one with the ordinary checks
 * (catalogue, duplicates across the whole registry, the 31 May applications deadline as a warning) — and their classes
 * formed by size (1-А, 1-Б …), proposed first, then applied.
 */
export default function FirstGradersPage() {
  const { schoolId = '' } = useParams();
  const t = useT();
  const id = useId();
  const [year, setYear] = useState('');
  const r = useResource(`${schoolId}|${year}`, load);
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; warnings: string[] } | null>(null);
  const [method, setMethod] = useState<'alphabetical' | 'sex_balance'>('alphabetical');
  const [maxSize, setMaxSize] = useState('');
  const [formed, setFormed] = useState<FormedClasses | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  useDocumentTitle(t('fg.title'));
  const data = r.data;
  const fid = (f: Field) => `${id}-${f}`;
  const set = (f: Field) => (value: string) => {
    setV((s) => ({ ...s, [f]: value }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const retry = r.retry;
  const reload = useCallback(() => retry(), [retry]);

  const enrol = async (event: FormEvent) => {
    event.preventDefault();
    if (!data) return;
    const found: Partial<Record<Field, string>> = {};
    if (!v.lastName.trim()) found.lastName = t('fg.error.required');
    if (!v.firstName.trim()) found.firstName = t('fg.error.required');
    if (!v.sex) found.sex = t('fg.error.sex');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.birthDate)) found.birthDate = t('form.dateInvalid');
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setProblems((Object.keys(found) as Field[]).map((f) => ({ field: fid(f), message: found[f]! })));
      setAttempt((n) => n + 1);
      return;
    }
    const record = {
      lastName: v.lastName.trim(),
      firstName: v.firstName.trim(),
      ...(v.middleName.trim() ? { middleName: v.middleName.trim() } : {}),
      sex: v.sex,
      birthDate: v.birthDate,
      ...(v.series.trim() || v.number.trim()
        ? { birthCertificate: { series: v.series.trim(), number: v.number.trim() } }
        : {}),
      citizenship: 'UA',
      displacement: { status: 'none' },
      contact: { status: 'in_contact' },
      educationForm: 'day',
      instructionLanguage: 'uk',
      specialNeeds: false,
      enrollment: {
        schoolEdrpou: data.school.edrpou ?? '',
        schoolYear: data.year,
        grade: 1,
        classLetter: v.letter.trim() || 'А',
      },
    } as unknown as PupilRecord;
    setBusy(true);
    setNotice(null);
    try {
      const saved = await transitionsApi.enrolFirstGrader(schoolId, record, localIsoDate());
      setNotice({
        text: t('fg.enrolled', { name: fullName({ lastName: v.lastName, firstName: v.firstName }) }),
        warnings: saved.warnings.map((w) => w.message),
      });
      setV(EMPTY);
      setErrors({});
      setProblems([]);
      setFormed(null);
      reload();
    } catch (e) {
      const byField: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      if (isApiError(e)) {
        for (const fe of e.errors) {
          const f = fe.path
            .replace(/^\/record/, '')
            .slice(1)
            .split('/')[0] as Field;
          if (f in EMPTY) byField[f] = fieldErrorText(t, fe);
          else rest.push(fieldErrorText(t, fe));
        }
      }
      if (Object.keys(byField).length === 0 && rest.length === 0) rest.push(errorText(t, e));
      setErrors(byField);
      setProblems([
        ...rest.map((message) => ({ field: null, message })),
        ...(Object.keys(byField) as Field[]).map((f) => ({ field: fid(f), message: byField[f]! })),
      ]);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const form = async (apply: boolean) => {
    if (!data) return;
    setFormError(null);
    const size = maxSize.trim() ? Number(maxSize) : undefined;
    if (size !== undefined && (!Number.isInteger(size) || size < 5 || size > 40))
      return setFormError(t('fg.error.size'));
    try {
      const result = await transitionsApi.formClasses(schoolId, {
        schoolYear: data.year,
        method,
        apply,
        ...(size ? { maxClassSize: size } : {}),
      });
      setFormed(result);
      if (apply) reload();
    } catch (e) {
      setFormError(errorText(t, e));
    }
  };

  return (
    <div className="page page--wide">
      <PageHeading ready={r.state !== 'loading'}>{t('fg.title')}</PageHeading>
      <p>
        <Link to={`/schools/${schoolId}/transition`}>{t('arr.back')}</Link>
      </p>
      {r.state === 'loading' && <Busy />}
      {r.state === 'error' && <ErrorMessage error={r.error} onRetry={r.retry} />}
      {data && (
        <>
          <SelectField
            id={`${id}-year`}
            label={t('fg.year')}
            value={data.year}
            onChange={setYear}
            options={data.options.map((o) => ({ value: o, label: o }))}
            width="short"
          />
          {notice && (
            <div className="notice notice--done" role="status">
              <p>{notice.text}</p>
              {notice.warnings.length > 0 && (
                <ul>
                  {notice.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <section aria-labelledby={`${id}-list`}>
            <h2 id={`${id}-list`}>
              {t('fg.list', { year: data.year })} <span className="count">({data.items.length})</span>
            </h2>
            {data.items.length === 0 ? (
              <p>{t('fg.none')}</p>
            ) : (
              <table className="table table--compact">
                <caption className="visually-hidden">{t('fg.list', { year: data.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tr.col.pupil')}</th>
                    <th scope="col">{t('tr.col.birthDate')}</th>
                    <th scope="col">{t('tr.col.class')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.enrolmentId}>
                      <th scope="row">{fullName(p)}</th>
                      <td>{formatDate(p.birthDate)}</td>
                      <td>1-{p.classLetter}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby={`${id}-enrol`}>
            <h2 id={`${id}-enrol`}>{t('fg.enrol')}</h2>
            <form onSubmit={(e) => void enrol(e)} noValidate aria-busy={busy} className="form">
              <ErrorSummary items={problems} focusKey={attempt} />
              <TextField
                id={fid('lastName')}
                label={t('arr.lastName')}
                value={v.lastName}
                onChange={set('lastName')}
                error={errors.lastName}
                width="medium"
              />
              <TextField
                id={fid('firstName')}
                label={t('arr.firstName')}
                value={v.firstName}
                onChange={set('firstName')}
                error={errors.firstName}
                width="medium"
              />
              <TextField
                id={fid('middleName')}
                label={t('fg.middleName')}
                required={false}
                value={v.middleName}
                onChange={set('middleName')}
                error={errors.middleName}
                width="medium"
              />
              <RadioGroup
                id={fid('sex')}
                label={t('fg.sex')}
                value={v.sex}
                onChange={set('sex')}
                error={errors.sex}
                inline
                options={[
                  { value: 'female', label: t('fg.sex.female') },
                  { value: 'male', label: t('fg.sex.male') },
                ]}
              />
              <DateField
                id={fid('birthDate')}
                label={t('tr.col.birthDate')}
                value={v.birthDate}
                onChange={set('birthDate')}
                error={errors.birthDate}
              />
              <div className="field-row">
                <TextField
                  id={fid('series')}
                  label={t('fg.series')}
                  required={false}
                  value={v.series}
                  onChange={set('series')}
                  error={errors.series}
                  width="short"
                />
                <TextField
                  id={fid('number')}
                  label={t('fg.number')}
                  required={false}
                  value={v.number}
                  onChange={set('number')}
                  error={errors.number}
                  width="short"
                />
              </div>
              <TextField
                id={fid('letter')}
                label={t('arr.classLetter')}
                value={v.letter}
                onChange={set('letter')}
                error={errors.letter}
                maxLength={3}
                width="short"
              />
              <div className="form-actions">
                <button type="submit" className="button" disabled={busy}>
                  {t('fg.submit')}
                </button>
              </div>
              {busy && <Busy label={t('form.saving')} />}
            </form>
          </section>
          <section aria-labelledby={`${id}-form`}>
            <h2 id={`${id}-form`}>{t('fg.formation')}</h2>
            {formError && (
              <p className="notice notice--error" role="alert">
                {formError}
              </p>
            )}
            <SelectField
              id={`${id}-method`}
              label={t('fg.method')}
              value={method}
              onChange={(m) => setMethod(m as 'alphabetical')}
              options={[
                { value: 'alphabetical', label: t('fg.method.alphabetical') },
                { value: 'sex_balance', label: t('fg.method.sex_balance') },
              ]}
              width="medium"
            />
            <TextField
              id={`${id}-size`}
              label={t('fg.maxSize')}
              hint={t('fg.maxSizeHint')}
              required={false}
              value={maxSize}
              onChange={setMaxSize}
              inputMode="numeric"
              maxLength={2}
              width="short"
            />
            <div className="form-actions">
              <button type="button" className="button button--secondary" onClick={() => void form(false)}>
                {t('fg.propose')}
              </button>
              <button type="button" className="button" disabled={!formed} onClick={() => void form(true)}>
                {t('fg.applyClasses')}
              </button>
            </div>
            {formed && (
              <div role="status">
                <p>
                  {formed.applied
                    ? t('fg.formedApplied', { moved: formed.moved })
                    : t('fg.formedProposed', { moved: formed.moved, size: formed.maxClassSize })}
                </p>
                <table className="table table--compact">
                  <caption className="visually-hidden">{t('fg.formation')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tr.col.class')}</th>
                      <th scope="col" className="num">
                        {t('tr.col.pupils')}
                      </th>
                      <th scope="col" className="num">
                        {t('fg.sex.female')}
                      </th>
                      <th scope="col" className="num">
                        {t('fg.sex.male')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {formed.classes.map((c) => (
                      <tr key={c.label}>
                        <th scope="row">{c.label}</th>
                        <td className="num">{c.pupils.length}</td>
                        <td className="num">{c.girls}</td>
                        <td className="num">{c.boys}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
