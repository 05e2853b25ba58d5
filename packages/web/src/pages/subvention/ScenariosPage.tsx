import { shiftClassSizeTable, type ClassSizeTable } from '@aikom/domain/subvention/class-size-table';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, DateField, SelectField, TextField } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime, localIsoDate } from '../../lib/date';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type Comparison, type ParameterSet, type Scenario, type ScenarioDefinition } from './api';
import { ComparisonView } from './Comparison';
import { formatMoney, formatPlain, parseDecimalInput, parseUah, planningYear } from './format';
import './subvention.css';

const loadScenarios = (_: string, signal: AbortSignal) => subventionApi.scenarios(signal);
const loadSets = (year: string, signal: AbortSignal) => subventionApi.parameterSets(Number(year), signal);
const loadSet = (key: string, signal: AbortSignal) => {
  const [id, version] = key.split('|') as [string, string];
  return subventionApi.parameterSet(id, version ? Number(version) : undefined, signal);
};

/** The form of a scenario: every field empty means «as in the base set». */
export interface ScenarioForm {
  total: string;
  cityNorm: string;
  tableShift: string;
  rule: string;
  referenceSize: string;
  specialNeeds: string;
  transport: string;
  minorityLanguage: string;
  reduction: string;
}

export const EMPTY_FORM: ScenarioForm = {
  total: '',
  cityNorm: '',
  tableShift: '',
  rule: '',
  referenceSize: '',
  specialNeeds: '',
  transport: '',
  minorityLanguage: '',
  reduction: '',
};

/**
 * The scenario's changes as a JSON merge patch of the base set, or the fields that cannot be read. The class-size
 * table shift moves every value of the base table by the same number of pupils (a signed decimal).
 */
export function buildChanges(
  t: Translate,
  form: ScenarioForm,
  baseTable: ClassSizeTable | null,
): { changes: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const changes: Record<string, Record<string, unknown>> = {};
  const put = (section: string | null, key: string, value: unknown) => {
    if (section === null) (changes as Record<string, unknown>)[key] = { value };
    else (changes[section] ??= {})[key] = { value };
  };
  const decimal = (field: keyof ScenarioForm, section: string, key: string) => {
    const text = form[field].trim();
    if (!text) return;
    const v = parseDecimalInput(text);
    if (v === null) errors[field] = t('sv.edit.decimalInvalid');
    else put(section, key, v);
  };
  if (form.total.trim()) {
    const kop = parseUah(form.total);
    if (kop === null || kop === '0') errors.total = t('sv.edit.amountInvalid');
    else put(null, 'total', kop);
  }
  decimal('cityNorm', 'classSize', 'cityNorm');
  decimal('referenceSize', 'classSize', 'referenceSize');
  if (form.rule) put('classSize', 'rule', form.rule);
  const shift = form.tableShift.trim().replace(/^\+/, '').replace('\u2212', '-');
  if (shift) {
    const negative = shift.startsWith('-');
    const v = parseDecimalInput(negative ? shift.slice(1) : shift);
    if (v === null || !baseTable) errors.tableShift = t('sv.scn.shiftInvalid');
    else if (v !== '0') put('classSize', 'table', shiftClassSizeTable(baseTable, v, negative ? -1 : 1));
  }
  decimal('specialNeeds', 'adjustments', 'specialNeeds');
  decimal('transport', 'adjustments', 'transport');
  decimal('minorityLanguage', 'adjustments', 'minorityLanguage');
  decimal('reduction', 'reduction', 'coefficient');
  return { changes, errors };
}

/**
 * «Сценарії»: change parameters or the total of a base set, compare with the baseline (deltas per budget, a chart, a
 * tile map of winners and losers), then save the scenario — for oneself or shared with colleagues.
 */
export default function ScenariosPage() {
  const t = useT();
  const [params] = useSearchParams();
  useDocumentTitle(t('sv.scenarios.title'));
  const scenarios = useResource('all', loadScenarios);
  const year = Number(params.get('year')) || planningYear();
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/subvention">{t('sv.back')}</Link>
      </p>
      <PageHeading ready={scenarios.state !== 'loading'}>{t('sv.scenarios.title')}</PageHeading>
      <p className="lead">{t('sv.scenarios.lead')}</p>
      <section aria-labelledby="sv-saved-title">
        <h2 id="sv-saved-title">{t('sv.scenarios.saved')}</h2>
        {scenarios.state === 'loading' && <Busy />}
        {scenarios.state === 'error' && <ErrorMessage error={scenarios.error} onRetry={scenarios.retry} />}
        {scenarios.state === 'ready' && <ScenarioList items={scenarios.data.items} />}
      </section>
      <NewScenario
        year={year}
        initialBase={params.get('base')}
        initialVersion={params.get('version')}
        initialAsOf={params.get('asOf')}
      />
    </div>
  );
}

function ScenarioList({ items }: { items: Scenario[] }) {
  const t = useT();
  if (items.length === 0) return <p>{t('sv.scenarios.none')}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{t('sv.scenarios.saved')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sv.scn.name')}</th>
          <th scope="col">{t('sv.cmp.base')}</th>
          <th scope="col">{t('sv.runs.asOf')}</th>
          <th scope="col">{t('sv.scn.access')}</th>
          <th scope="col">{t('sv.scn.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id}>
            <th scope="row">
              <Link to={`/subvention/scenarios/${s.id}`}>{s.name}</Link>
            </th>
            <td>
              {s.base.parameterSetId} ({t('sv.sets.versionN', { version: s.base.version })})
            </td>
            <td>{formatDate(s.asOf)}</td>
            <td>
              {s.shared ? (
                <span className="badge badge--info">{t('sv.scn.shared')}</span>
              ) : (
                <span className="badge">{t('sv.scn.private')}</span>
              )}
              {!s.mine && <> {t('sv.scn.byColleague')}</>}
            </td>
            <td>{formatDateTime(s.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewScenario({
  year,
  initialBase,
  initialVersion,
  initialAsOf,
}: {
  year: number;
  initialBase: string | null;
  initialVersion: string | null;
  initialAsOf: string | null;
}) {
  const t = useT();
  const sets = useResource(String(year), loadSets);
  const [baseId, setBaseId] = useState(initialBase ?? '');
  const chosen =
    sets.state === 'ready' ? (sets.data.items.find((s) => s.id === baseId) ?? sets.data.items[0] ?? null) : null;
  const version = chosen && chosen.id === initialBase && initialVersion ? initialVersion : '';
  const base = useResource(chosen ? `${chosen.id}|${version}` : null, loadSet);
  return (
    <section aria-labelledby="sv-new-title" className="card-section">
      <h2 id="sv-new-title">{t('sv.scn.newTitle')}</h2>
      {sets.state === 'loading' && <Busy />}
      {sets.state === 'error' && <ErrorMessage error={sets.error} onRetry={sets.retry} />}
      {sets.state === 'ready' && chosen && (
        <SelectField
          id="sv-scn-base"
          label={t('sv.scn.base')}
          value={chosen.id}
          options={sets.data.items.map((s) => ({
            value: s.id,
            label: `${s.name} (${t('sv.sets.versionN', { version: s.version })})`,
          }))}
          onChange={setBaseId}
        />
      )}
      {base.state === 'loading' && chosen && <Busy />}
      {base.state === 'error' && <ErrorMessage error={base.error} onRetry={base.retry} />}
      {base.state === 'ready' && (
        <ScenarioEditor key={`${base.data.id}@${base.data.version}`} base={base.data} initialAsOf={initialAsOf} />
      )}
    </section>
  );
}

const FIELD_IDS: Record<keyof ScenarioForm | 'name' | 'asOf', string> = {
  name: 'sv-scn-name',
  asOf: 'sv-scn-asof',
  total: 'sv-scn-total',
  cityNorm: 'sv-scn-city',
  tableShift: 'sv-scn-shift',
  rule: 'sv-scn-rule',
  referenceSize: 'sv-scn-reference',
  specialNeeds: 'sv-scn-special',
  transport: 'sv-scn-transport',
  minorityLanguage: 'sv-scn-minority',
  reduction: 'sv-scn-reduction',
};

function ScenarioEditor({ base, initialAsOf }: { base: ParameterSet; initialAsOf: string | null }) {
  const t = useT();
  const lang = t.language;
  const navigate = useNavigate();
  const [form, setForm] = useState<ScenarioForm>(EMPTY_FORM);
  const [name, setName] = useState('');
  const [asOf, setAsOf] = useState(initialAsOf ?? localIsoDate());
  const [shared, setShared] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [result, setResult] = useState<Comparison | null>(null);
  const p = base.params as {
    total: { value: string };
    classSize: {
      cityNorm: { value: string };
      referenceSize: { value: string };
      rule: { value: string };
      table: { value: ClassSizeTable };
    };
    adjustments: Record<string, { value: string }>;
    reduction: { coefficient: { value: string } };
  };
  const set = (k: keyof ScenarioForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const current = (v: string | undefined) => t('sv.scn.current', { value: formatPlain(v ?? '', lang) });

  const definition = (): ScenarioDefinition | null => {
    const built = buildChanges(t, form, p.classSize.table.value);
    const problems = { ...built.errors };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) problems.asOf = t('form.dateInvalid');
    setErrors(problems);
    setFormError(null);
    setAttempt((n) => n + 1);
    if (Object.keys(problems).length > 0) return null;
    return { base: { parameterSetId: base.id, version: base.version }, asOf, changes: built.changes };
  };

  const fail = (error: unknown) => {
    const byPath = fieldErrorsByPath(t, error);
    if (Object.keys(byPath).length > 0) {
      setErrors(
        Object.fromEntries(
          Object.entries(byPath).map(([path, m]) => [path === '/name' ? 'name' : path === '/asOf' ? 'asOf' : '_', m]),
        ),
      );
    } else setFormError(errorText(t, error));
  };

  const preview = async (event: FormEvent) => {
    event.preventDefault();
    const d = definition();
    if (!d) return;
    setBusy('preview');
    try {
      setResult(await subventionApi.preview({ ...d, ...(name.trim() ? { name: name.trim() } : {}) }));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const d = definition();
    if (!d) return;
    if (!name.trim()) {
      setErrors((e) => ({ ...e, name: t('sv.scn.nameRequired') }));
      return;
    }
    setBusy('save');
    try {
      const saved = await subventionApi.saveScenario({ ...d, name: name.trim(), shared });
      void navigate(`/subvention/scenarios/${saved.id}`);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const summary: SummaryItem[] = [
    ...(formError ? [{ field: null, message: formError }] : []),
    ...Object.entries(errors).map(([k, message]) => ({
      field: k === '_' ? null : (FIELD_IDS[k as keyof typeof FIELD_IDS] ?? null),
      message,
    })),
  ];
  const err = (k: keyof typeof FIELD_IDS) => errors[k];

  return (
    <>
      <p>
        {t('sv.scn.lead')} {base.unverified.length > 0 && t('sv.scn.baseUnverified', { count: base.unverified.length })}
      </p>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void preview(e)} noValidate>
        <TextField
          id={FIELD_IDS.name}
          label={t('sv.scn.name')}
          value={name}
          onChange={setName}
          error={err('name')}
          hint={t('sv.scn.nameHint')}
        />
        <DateField id={FIELD_IDS.asOf} label={t('sv.run.asOf')} value={asOf} onChange={setAsOf} error={err('asOf')} />
        <fieldset className="fieldset fieldset--group">
          <legend>{t('sv.scn.changes')}</legend>
          <TextField
            id={FIELD_IDS.total}
            label={t('sv.scn.total')}
            required={false}
            hint={t('sv.scn.totalHint', { value: formatMoney(Number(p.total.value), lang) })}
            value={form.total}
            onChange={set('total')}
            width="medium"
            error={err('total')}
          />
          <TextField
            id={FIELD_IDS.tableShift}
            label={t('sv.scn.tableShift')}
            required={false}
            hint={t('sv.scn.tableShiftHint')}
            value={form.tableShift}
            onChange={set('tableShift')}
            width="short"
            error={err('tableShift')}
          />
          <TextField
            id={FIELD_IDS.cityNorm}
            label={t('sv.scn.cityNorm')}
            required={false}
            hint={current(p.classSize.cityNorm.value)}
            value={form.cityNorm}
            onChange={set('cityNorm')}
            width="short"
            error={err('cityNorm')}
          />
          <TextField
            id={FIELD_IDS.referenceSize}
            label={t('sv.scn.referenceSize')}
            required={false}
            hint={current(p.classSize.referenceSize.value)}
            value={form.referenceSize}
            onChange={set('referenceSize')}
            width="short"
            error={err('referenceSize')}
          />
          <SelectField
            id={FIELD_IDS.rule}
            label={t('sv.scn.rule')}
            value={form.rule}
            options={[
              {
                value: '',
                label: t('sv.scn.ruleSame', {
                  value: t(`sv.choice.${p.classSize.rule.value}` as 'sv.choice.normative'),
                }),
              },
              { value: 'normative', label: t('sv.choice.normative') },
              { value: 'normative-or-actual', label: t('sv.choice.normative-or-actual') },
            ]}
            onChange={set('rule')}
          />
          <TextField
            id={FIELD_IDS.specialNeeds}
            label={t('sv.adj.specialNeedsWeight')}
            required={false}
            hint={current(p.adjustments.specialNeeds?.value)}
            value={form.specialNeeds}
            onChange={set('specialNeeds')}
            width="short"
            error={err('specialNeeds')}
          />
          <TextField
            id={FIELD_IDS.transport}
            label={t('sv.adj.transportWeight')}
            required={false}
            hint={current(p.adjustments.transport?.value)}
            value={form.transport}
            onChange={set('transport')}
            width="short"
            error={err('transport')}
          />
          <TextField
            id={FIELD_IDS.minorityLanguage}
            label={t('sv.adj.minorityLanguageWeight')}
            required={false}
            hint={current(p.adjustments.minorityLanguage?.value)}
            value={form.minorityLanguage}
            onChange={set('minorityLanguage')}
            width="short"
            error={err('minorityLanguage')}
          />
          <TextField
            id={FIELD_IDS.reduction}
            label={t('sv.scn.reduction')}
            required={false}
            hint={current(p.reduction.coefficient.value)}
            value={form.reduction}
            onChange={set('reduction')}
            width="short"
            error={err('reduction')}
          />
        </fieldset>
        <CheckboxField id="sv-scn-shared" label={t('sv.scn.shareLabel')} checked={shared} onChange={setShared} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy !== null}>
            {t('sv.scn.compare')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            onClick={() => void save()}
          >
            {t('sv.scn.save')}
          </button>
        </div>
        {busy && <Busy label={t(busy === 'preview' ? 'sv.scn.computing' : 'form.saving')} />}
      </form>
      {result && <Preview data={result} />}
    </>
  );
}

/** A fresh comparison: the reader is taken to its heading (once per comparison, not on every sort). */
function Preview({ data }: { data: Comparison }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [data]);
  return (
    <section aria-labelledby="sv-preview-title" className="sv-preview">
      <h2 id="sv-preview-title" tabIndex={-1} ref={heading}>
        {t('sv.scn.previewTitle')}
      </h2>
      <ComparisonView data={data} />
    </section>
  );
}
