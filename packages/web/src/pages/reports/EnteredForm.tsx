import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { describeError } from '../territories/ErrorMessage';
import { reports, type Cells, type LayoutSection } from './api';
import { enterableCells, parseEntered } from './cells';

/**
 * The school types in what the records cannot tell (second-shift classes, extended-day groups). Every entry is kept
 * by the server; the latest counts. A field left empty is not entered; a value that is not a whole number from 0 to
 * 100 000 is said at its field and nothing is sent.
 */
export function EnteredForm({
  schoolId,
  schoolYear,
  layout,
  cells,
  entered,
  onSaved,
}: {
  schoolId: string;
  schoolYear: string;
  layout: readonly LayoutSection[];
  cells: Cells;
  entered: ReadonlySet<string>;
  onSaved: (at: string) => void;
}) {
  const t = useT();
  const fields = enterableCells(layout);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.id, entered.has(f.id) ? String(cells[f.id] ?? 0) : ''])),
  );
  const [invalid, setInvalid] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseEntered(values);
    setAttempt((n) => n + 1);
    if (!parsed.ok) {
      setInvalid(parsed.invalid);
      return;
    }
    setInvalid([]);
    setFailure(null);
    if (Object.keys(parsed.cells).length === 0) {
      setFailure(t('rep.enter.nothing'));
      return;
    }
    setSaving(true);
    try {
      const answer = await reports.enter(schoolId, { schoolYear, cells: parsed.cells });
      const latest = Object.values(answer.cells)
        .map((c) => c.enteredAt)
        .sort()
        .at(-1);
      onSaved(latest ?? new Date().toISOString());
    } catch (error) {
      setFailure(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  const fieldId = (id: string) => `entered-${id.replaceAll('.', '-')}`;
  return (
    <section aria-labelledby="entered-title" className="entered-form">
      <h2 id="entered-title">{t('rep.enter.title')}</h2>
      <p className="field-hint">{t('rep.enter.hint', { year: schoolYear })}</p>
      <ErrorSummary
        focusKey={attempt}
        items={invalid.map((id) => ({ field: fieldId(id), message: `${id}: ${t('rep.enter.invalid')}` }))}
      />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="entered-grid">
          {fields.map((f) => (
            <TextField
              key={f.id}
              id={fieldId(f.id)}
              label={`${f.id} — ${f.row}: ${f.col}`}
              value={values[f.id] ?? ''}
              onChange={(v) => setValues((old) => ({ ...old, [f.id]: v }))}
              inputMode="numeric"
              width="short"
              required={false}
              maxLength={6}
              error={invalid.includes(f.id) ? t('rep.enter.invalid') : null}
            />
          ))}
        </div>
        <button type="submit" className="button" disabled={saving}>
          {saving ? t('rep.enter.saving') : t('rep.enter.save')}
        </button>
        <div aria-live="polite">
          {failure && (
            <p role="alert" className="error-message">
              {failure}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
