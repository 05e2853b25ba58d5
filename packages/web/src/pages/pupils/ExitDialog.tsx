import { isValidEdrpou } from '@aikom/domain/identifiers/edrpou';
import { isApiError, type PupilCard } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, SelectField, TextArea, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { localIsoDate } from '../../lib/date';
import { errorText, fieldErrorText } from '../../lib/errors';
import { CountrySelect } from './CountrySelect';
import { exitBody } from './exit';
import { EXIT_REASONS, capital, enumLabel, fullName } from './labels';

type Field = 'date' | 'reason' | 'destinationEdrpou' | 'destinationCountry' | 'note';
const FIELDS: readonly Field[] = ['date', 'reason', 'destinationEdrpou', 'destinationCountry', 'note'];

/**
 * «Вибуття учня»: the date, the reason (Порядок 367), where the pupil goes — a school of the registry by ЄДРПОУ, or
 * the country for a move abroad — and a note. The school closes its spell; the receiving school enrols the pupil.
 */
export function ExitDialog({
  open,
  pupil,
  onClose,
  onDone,
}: {
  open: boolean;
  pupil: PupilCard;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('exit.title')}>
      {open && <ExitForm pupil={pupil} onCancel={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function ExitForm({
  pupil,
  onCancel,
  onDone,
}: {
  pupil: PupilCard;
  onCancel: () => void;
  onDone: (text: string) => void;
}) {
  const t = useT();
  const id = useId();
  const today = localIsoDate();
  const [v, setV] = useState({ date: today, reason: '', destinationEdrpou: '', destinationCountry: '', note: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const set = (f: Field) => (value: string) => {
    setV((x) => ({ ...x, [f]: value }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const fid = (f: Field) => `${id}-${f}`;
  const entry = pupil.record.enrollment?.entryDate;

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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) found.date = t('form.dateInvalid');
    else if (v.date > today) found.date = t('exit.error.future');
    else if (entry && v.date < entry) found.date = t('exit.error.beforeEntry');
    if (!v.reason) found.reason = t('exit.error.reason');
    const edrpou = v.destinationEdrpou.trim();
    if ((v.reason === 'transfer' || v.reason === 'vocational') && edrpou && !isValidEdrpou(edrpou)) {
      found.destinationEdrpou = t('exit.error.edrpou');
    }
    if (v.reason === 'abroad' && !v.destinationCountry) found.destinationCountry = t('exit.error.country');
    if (Object.keys(found).length > 0) return report(found);
    setBusy(true);
    try {
      await api.pupils.exit(pupil.id, exitBody(v));
      onDone(t('exit.done', { name: fullName(pupil.record) }));
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

  const toSchool = v.reason === 'transfer' || v.reason === 'vocational';
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <p>{t('exit.lead', { name: fullName(pupil.record), school: pupil.school?.name ?? '' })}</p>
      <ErrorSummary items={problems} focusKey={attempt} />
      <DateField id={fid('date')} label={t('exit.date')} value={v.date} onChange={set('date')} error={errors.date} />
      <SelectField
        id={fid('reason')}
        label={t('exit.reason')}
        value={v.reason}
        onChange={set('reason')}
        error={errors.reason}
        placeholder={t('form.choose')}
        options={Object.keys(EXIT_REASONS).map((r) => ({ value: r, label: capital(enumLabel(t, EXIT_REASONS, r)) }))}
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
      <TextArea
        id={fid('note')}
        label={t('exit.note')}
        required={false}
        value={v.note}
        onChange={set('note')}
        error={errors.note}
        maxLength={1000}
      />
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={busy}>
          {t('exit.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      {busy && <Busy label={t('form.saving')} />}
    </form>
  );
}
