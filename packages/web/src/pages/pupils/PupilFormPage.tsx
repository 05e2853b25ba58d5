import { schoolYearOf } from '@aikom/domain/school-year';
import { validatePupil } from '@aikom/domain/validation/validate';
import { duplicateOf, isApiError, warningsOf, type Issue, type SchoolRef, type TerritorySearchHit } from '@aikom/sdk';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, DateField, RadioGroup, SelectField, TextArea, TextField } from '../../components/fields';
import { TerritoryPicker } from '../../components/TerritoryPicker';
import { useT } from '../../i18n/I18nProvider';
import { afterPointer } from '../../lib/afterPointer';
import { api } from '../../lib/api';
import { localIsoDate } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import type { CardNotice } from './PupilCardPage';
import { CountrySelect } from './CountrySelect';
import {
  CONTACT_STATUSES,
  DISPLACEMENT_STATUSES,
  EDUCATION_FORMS,
  INSTRUCTION_LANGUAGES,
  SEXES,
  capital,
  enumLabel,
  fullName,
  issueText,
} from './labels';
import {
  emptyPupilForm,
  formToRecord,
  issuesByField,
  recordToForm,
  type PupilField,
  type PupilFormValues,
} from './pupilForm';

const loadSchool = (schoolId: string, signal: AbortSignal) => api.schools.classes(schoolId, { signal });
const loadCard = (id: string, signal: AbortSignal) => api.pupils.get(id, { signal });

const GRADES = Array.from({ length: 11 }, (_, i) => String(i + 1));
const RESIDENCE_LEVELS = [4, 5, 1] as const;
const acceptSettlement = (hit: TerritorySearchHit) => hit.level >= 4 || hit.category === 'K';
const ORIGIN_LEVELS = [3] as const;
/** Date fields: what is typed there and is not a real дд.мм.рррр date is said so in the portal's words. */
const DATE_FIELDS: ReadonlySet<PupilField> = new Set([
  'birthDate',
  'displacementSince',
  'contactLostSince',
  'entryDate',
]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Adding a pupil (`/schools/:schoolId/pupils/new`, the school's ЄДРПОУ and the current school year filled in) or
 * editing one (`/pupils/:id/edit`, saved with If-Match). One form for the whole exchange record.
 */
export default function PupilFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const { schoolId = '', id = '' } = useParams();
  const t = useT();
  const [params] = useSearchParams();
  const school = useResource(mode === 'create' ? schoolId : null, loadSchool);
  const card = useResource(mode === 'edit' ? id : null, loadCard);
  const title =
    mode === 'create'
      ? t('pupilForm.createTitle')
      : card.state === 'ready'
        ? t('pupilForm.editTitle', { name: fullName(card.data.data.record) })
        : t('card.edit');
  useDocumentTitle(title);
  const loading = mode === 'create' ? school : card;
  return (
    <div className="page">
      <p className="back-link">
        {mode === 'create' ? (
          <Link to={`/schools/${schoolId}`}>{t('class.back')}</Link>
        ) : (
          <Link to={`/pupils/${id}`}>{t('pupilForm.backToCard')}</Link>
        )}
      </p>
      <PageHeading ready={loading.state !== 'loading'}>{title}</PageHeading>
      {loading.state === 'loading' && <Busy />}
      {loading.state === 'error' && <ErrorMessage error={loading.error} onRetry={loading.retry} />}
      {mode === 'create' &&
        school.state === 'ready' &&
        (school.data.school.edrpou ? (
          <PupilForm
            school={school.data.school}
            initial={emptyPupilForm({
              schoolEdrpou: school.data.school.edrpou,
              schoolYear: school.data.schoolYear,
              grade: params.get('grade') ?? '',
              classLetter: params.get('class') ?? '',
            })}
          />
        ) : (
          <div role="alert" className="error-message">
            <p>{t('pupilForm.noEdrpou')}</p>
          </div>
        ))}
      {mode === 'edit' && card.state === 'ready' && (
        <PupilForm
          key={card.data.etag}
          school={card.data.data.school}
          initial={recordToForm(card.data.data.record)}
          pupilId={card.data.data.id}
          etag={card.data.etag}
          onReload={card.retry}
        />
      )}
    </div>
  );
}

type Problem = { kind: 'duplicate'; text: string; holder: string | null } | { kind: 'stale' } | null;

function PupilForm({
  school,
  initial,
  pupilId,
  etag,
  onReload,
}: {
  school: SchoolRef | null;
  initial: PupilFormValues;
  pupilId?: string;
  etag?: string;
  onReload?: () => void;
}) {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<PupilField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<PupilField, string>>>({});
  const [serverWarnings, setServerWarnings] = useState<Issue[]>([]);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);

  // The catalogue the server runs, in the browser: today's date and the current school year; the codifier rules
  // (is the hromada real, is it on the list) are the server's on save.
  const context = useMemo(() => {
    const today = localIsoDate();
    return { today, schoolYearStart: schoolYearOf(today).id };
  }, []);
  const check = useMemo(() => validatePupil(formToRecord(values), context), [values, context]);
  const localErrors = useMemo(() => issuesByField(check.errors), [check]);
  const localWarnings = useMemo(() => issuesByField(check.warnings), [check]);
  const remoteWarnings = useMemo(() => issuesByField(serverWarnings), [serverWarnings]);

  const fid = (f: PupilField) => `${id}-${f}`;
  const shown = (f: PupilField) => submitted || touched.has(f);
  const badDate = (f: PupilField) => DATE_FIELDS.has(f) && values[f] !== '' && !ISO_DATE.test(String(values[f]));
  const errorOf = (f: PupilField): string | undefined => {
    if (serverErrors[f]) return serverErrors[f];
    if (badDate(f)) return shown(f) ? t('form.dateInvalid') : undefined;
    const local = localErrors.fields[f];
    return shown(f) && local ? local.map((i) => issueText(t, i)).join(' ') : undefined;
  };
  const warningOf = (f: PupilField): string | undefined => {
    const list = [...(shown(f) ? (localWarnings.fields[f] ?? []) : []), ...(remoteWarnings.fields[f] ?? [])];
    const unique = [...new Map(list.map((i) => [i.code, i])).values()];
    return unique.length > 0 ? unique.map((i) => issueText(t, i)).join(' ') : undefined;
  };

  const set =
    <K extends PupilField>(f: K) =>
    (value: PupilFormValues[K]) => {
      setValues((v) => ({ ...v, [f]: value }));
      if (serverErrors[f]) setServerErrors((e) => ({ ...e, [f]: undefined }));
    };
  const blur = (f: PupilField) => () =>
    afterPointer(() =>
      setTouched((s) => {
        if (s.has(f)) return s;
        const next = new Set(s);
        next.add(f);
        return next;
      }),
    );
  /** Common props of a text-like field. */
  const field = (f: Exclude<PupilField, 'specialNeeds' | 'certificateKind'>) => ({
    id: fid(f),
    value: values[f],
    onChange: set(f),
    onBlur: blur(f),
    error: errorOf(f),
    warning: warningOf(f),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setProblem(null);
    if (check.errors.length > 0) {
      setSummary(
        [...check.errors].map((i) => {
          const where = issuesByField([i]);
          const f = Object.keys(where.fields)[0] as PupilField | undefined;
          return { field: f ? fid(f) : null, message: f && badDate(f) ? t('form.dateInvalid') : issueText(t, i) };
        }),
      );
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const record = formToRecord(values);
      const saved =
        pupilId && etag ? await api.pupils.update(pupilId, record, { ifMatch: etag }) : await api.pupils.create(record);
      const notice: CardNotice = {
        saved: t(pupilId ? 'pupilForm.saved' : 'pupilForm.created', { name: fullName(record) }),
        warnings: saved.warnings,
      };
      await navigate(`/pupils/${saved.id}`, { state: notice });
    } catch (e) {
      const items: SummaryItem[] = [];
      const byField: Partial<Record<PupilField, string>> = {};
      const dup = duplicateOf(e);
      if (dup) {
        const holder = dup.holder
          ? `${dup.holder.name ?? ''}${dup.holder.edrpou ? ` (ЄДРПОУ ${dup.holder.edrpou})` : ''}`
          : null;
        const text = t.language === 'uk' && isApiError(e) && e.detail ? e.detail : t('pupilForm.duplicate');
        setProblem({ kind: 'duplicate', text, holder });
        items.push({ field: null, message: t('problem.DUPLICATE_PERSON') });
      } else if (isApiError(e) && e.code === 'PRECONDITION_FAILED') {
        setProblem({ kind: 'stale' });
        items.push({ field: null, message: t('pupilForm.stale') });
      } else if (isApiError(e) && e.errors.length > 0) {
        const placed = issuesByField(e.errors);
        for (const [f, list] of Object.entries(placed.fields) as Array<[PupilField, Issue[]]>) {
          byField[f] = list.map((i) => issueText(t, i)).join(' ');
          items.push({ field: fid(f), message: byField[f] });
        }
        for (const i of placed.form) items.push({ field: null, message: issueText(t, i) });
        if (e.code !== 'PUPIL_INVALID' && e.detail) items.unshift({ field: null, message: errorText(t, e) });
      } else {
        items.push({ field: null, message: errorText(t, e) });
      }
      setServerErrors(byField);
      setServerWarnings(warningsOf(e));
      setSummary(items);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const sexOptions = Object.keys(SEXES).map((v) => ({ value: v, label: capital(enumLabel(t, SEXES, v)) }));
  const displacementOptions = Object.keys(DISPLACEMENT_STATUSES).map((v) => ({
    value: v,
    label: capital(enumLabel(t, DISPLACEMENT_STATUSES, v)),
  }));
  const contactOptions = Object.keys(CONTACT_STATUSES).map((v) => ({
    value: v,
    label: capital(enumLabel(t, CONTACT_STATUSES, v)),
  }));

  return (
    <>
      <p className="lead">{t('pupilForm.lead')}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      {problem?.kind === 'duplicate' && (
        <div className="notice notice--error">
          <h2>{t('problem.DUPLICATE_PERSON')}</h2>
          {problem.holder && <p>{t('pupilForm.holder', { school: problem.holder })}</p>}
          <p>{problem.text}</p>
        </div>
      )}
      {problem?.kind === 'stale' && (
        <div className="notice notice--warning">
          <h2>{t('pupilForm.staleTitle')}</h2>
          <p>{t('pupilForm.staleText')}</p>
          {onReload && (
            <button type="button" className="button" onClick={onReload}>
              {t('orgForm.reload')}
            </button>
          )}
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="form form--pupil" aria-busy={busy}>
        <FormSection title={t('card.person')}>
          <TextField
            {...field('lastName')}
            label={t('pupil.lastName')}
            autoComplete="off"
            maxLength={100}
            width="medium"
          />
          <TextField {...field('firstName')} label={t('pupil.firstName')} maxLength={100} width="medium" />
          <TextField
            {...field('middleName')}
            label={t('pupil.middleName')}
            required={false}
            maxLength={100}
            width="medium"
          />
          <RadioGroup {...field('sex')} label={t('pupil.sex')} options={sexOptions} inline />
          <DateField {...field('birthDate')} label={t('pupil.birthDate')} />
          <CountrySelect {...field('citizenship')} label={t('pupil.citizenship')} />
        </FormSection>

        <FormSection title={t('card.documents')}>
          <RadioGroup
            id={fid('certificateKind')}
            label={t('pupil.certificateKind')}
            value={values.certificateKind}
            onChange={(v) => set('certificateKind')(v as PupilFormValues['certificateKind'])}
            onBlur={blur('certificateKind')}
            error={errorOf('certificateKind')}
            warning={warningOf('certificateKind')}
            options={[
              { value: 'ua', label: t('pupil.certificate.ua') },
              { value: 'foreign', label: t('pupil.certificate.foreign') },
              { value: 'none', label: t('pupil.certificate.none') },
            ]}
          />
          {values.certificateKind === 'foreign' && (
            <CountrySelect {...field('certificateCountry')} label={t('pupil.certificateCountry')} foreignOnly />
          )}
          {values.certificateKind !== 'none' && (
            <fieldset className="fieldset fieldset--group">
              <legend className="field-label">{t('pupil.certificate')}</legend>
              <div className="field-row">
                <TextField
                  {...field('certificateSeries')}
                  label={t('pupil.certificateSeries')}
                  required={values.certificateKind === 'foreign' ? false : undefined}
                  hint={values.certificateKind === 'ua' ? t('pupil.certificateSeriesHint') : undefined}
                  maxLength={50}
                  width="short"
                  spellCheck={false}
                />
                <TextField
                  {...field('certificateNumber')}
                  label={t('pupil.certificateNumber')}
                  hint={values.certificateKind === 'ua' ? t('pupil.certificateNumberHint') : undefined}
                  inputMode={values.certificateKind === 'ua' ? 'numeric' : 'text'}
                  maxLength={50}
                  width="short"
                  spellCheck={false}
                />
              </div>
            </fieldset>
          )}
          <TextField
            {...field('unzr')}
            label={t('pupil.unzr')}
            hint={t('pupil.unzrHint')}
            required={false}
            maxLength={14}
            width="short"
            spellCheck={false}
          />
          <TextField
            {...field('rnokpp')}
            label={t('pupil.rnokpp')}
            hint={t('pupil.rnokppHint')}
            required={false}
            inputMode="numeric"
            maxLength={10}
            width="short"
          />
        </FormSection>

        <FormSection title={t('card.residence')}>
          <TerritoryPicker
            id={fid('residenceKatottg')}
            label={t('pupil.residenceKatottg')}
            hint={t('pupilForm.residenceHint')}
            levels={RESIDENCE_LEVELS}
            accept={acceptSettlement}
            value={values.residenceKatottg}
            onChange={set('residenceKatottg')}
            onBlur={blur('residenceKatottg')}
            error={errorOf('residenceKatottg')}
            warning={warningOf('residenceKatottg')}
          />
          <TextField
            {...field('residenceAddress')}
            label={t('pupil.residenceAddress')}
            required={false}
            maxLength={500}
          />
        </FormSection>

        <FormSection title={t('card.displacement')}>
          <RadioGroup
            {...field('displacementStatus')}
            label={t('pupil.displacementStatus')}
            options={displacementOptions}
          />
          {values.displacementStatus !== 'none' && values.displacementStatus !== '' && (
            <DateField {...field('displacementSince')} label={t('pupil.displacementSince')} />
          )}
          {values.displacementStatus === 'internal' && (
            <>
              <TerritoryPicker
                id={fid('originKatottg')}
                label={t('pupil.origin')}
                hint={t('pupilForm.originHint')}
                levels={ORIGIN_LEVELS}
                value={values.originKatottg}
                onChange={set('originKatottg')}
                onBlur={blur('originKatottg')}
                error={errorOf('originKatottg')}
                warning={warningOf('originKatottg')}
                showStatus
              />
              <TextField
                {...field('idpCertificate')}
                label={t('pupil.idpCertificate')}
                required={false}
                maxLength={50}
                width="medium"
              />
            </>
          )}
          {values.displacementStatus === 'external' && (
            <CountrySelect {...field('displacementCountry')} label={t('pupil.displacementCountry')} foreignOnly />
          )}
        </FormSection>

        <FormSection title={t('card.contact')}>
          <RadioGroup {...field('contactStatus')} label={t('pupil.contactStatus')} options={contactOptions} />
          {values.contactStatus === 'lost' && (
            <DateField {...field('contactLostSince')} label={t('pupil.contactLostSince')} />
          )}
          {(values.contactStatus === 'lost' || values.contactStatus === 'restored') && (
            <TextArea
              {...field('contactNote')}
              label={t('pupil.contactNote')}
              hint={t('pupilForm.contactNoteHint')}
              required={false}
              maxLength={1000}
            />
          )}
        </FormSection>

        <FormSection title={t('card.education')}>
          <ReadOnly label={t('pupilForm.school')} id={fid('schoolEdrpou')} error={errorOf('schoolEdrpou')}>
            {school?.name ?? '—'} · ЄДРПОУ {values.schoolEdrpou}
          </ReadOnly>
          <ReadOnly label={t('pupil.schoolYear')} id={fid('schoolYear')} error={errorOf('schoolYear')}>
            {values.schoolYear}
          </ReadOnly>
          <div className="field-row">
            <SelectField
              {...field('grade')}
              label={t('pupil.grade')}
              placeholder="—"
              options={GRADES.map((g) => ({ value: g, label: g }))}
              width="short"
            />
            <TextField
              {...field('classLetter')}
              label={t('pupil.classLetter')}
              hint={t('pupil.classLetterHint')}
              maxLength={3}
              width="short"
            />
          </div>
          <DateField {...field('entryDate')} label={t('pupil.entryDate')} required={false} />
          <TextField
            {...field('orderNumber')}
            label={t('pupil.orderNumber')}
            required={false}
            maxLength={50}
            width="short"
          />
          <SelectField
            {...field('educationForm')}
            label={t('pupil.educationForm')}
            options={Object.keys(EDUCATION_FORMS).map((v) => ({
              value: v,
              label: capital(enumLabel(t, EDUCATION_FORMS, v)),
            }))}
            width="medium"
          />
          <SelectField
            {...field('instructionLanguage')}
            label={t('pupil.instructionLanguage')}
            options={Object.keys(INSTRUCTION_LANGUAGES).map((v) => ({
              value: v,
              label: capital(enumLabel(t, INSTRUCTION_LANGUAGES, v)),
            }))}
            width="medium"
          />
          <CheckboxField
            id={fid('specialNeeds')}
            label={t('pupil.specialNeeds')}
            checked={values.specialNeeds}
            onChange={set('specialNeeds')}
            error={errorOf('specialNeeds')}
          />
        </FormSection>

        {localErrors.form.length + localWarnings.form.length > 0 && submitted && (
          <div className="notice notice--warning">
            <ul>
              {[...localErrors.form, ...localWarnings.form].map((i) => (
                <li key={i.code}>{issueText(t, i)}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {pupilId ? t('form.save') : t('pupilForm.create')}
          </button>
          <Link
            className="button-link button-link--secondary"
            to={pupilId ? `/pupils/${pupilId}` : school ? `/schools/${school.id}` : '/'}
          >
            {t('form.cancel')}
          </Link>
        </div>
        {busy && <Busy label={t('form.saving')} />}
      </form>
    </>
  );
}

function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="form-section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A prefilled value the form sends but the user does not change (the school, the school year). */
function ReadOnly({
  label,
  id,
  error,
  children,
}: {
  label: string;
  id: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className={`field ${error ? 'field--invalid' : ''}`}>
      <span className="field-label">{label}</span>
      <p className="readonly-value" id={id} tabIndex={error ? -1 : undefined}>
        {children}
      </p>
      {error && (
        <p className="field-error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
    </div>
  );
}
