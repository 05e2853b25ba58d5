import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, SelectField, TextArea, TextField } from '../../components/fields';
import { isMessageKey, useT, type Translate } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type ParameterEntry, type ParameterSet } from './api';
import { formatMoney, formatPlain, kopToUahInput, parseDecimalInput, parseUah } from './format';
import { VerifiedBadge } from './parts';
import './subvention.css';

const loadSet = (key: string, signal: AbortSignal) => {
  const [id, version] = key.split('|') as [string, string];
  return subventionApi.parameterSet(id, version ? Number(version) : undefined, signal);
};

/** The name of a parameter in the reader's language (the server names it in Ukrainian). */
export function parameterLabel(t: Translate, path: string, label: string): string {
  const key = `sv.p.${path}`;
  return t.language !== 'uk' && isMessageKey(key) ? t(key) : label;
}

/** Values with a fixed set of choices. */
const CHOICES: Record<string, readonly string[]> = {
  '/classSize/rule': ['normative', 'normative-or-actual'],
  '/reduction/scope': ['occupied', 'listed'],
  '/budgets/privateSchools': ['excluded', 'hromada'],
};

interface ClassTable {
  densityBounds: string[];
  ruralBounds: string[];
  values: string[][];
}

/** A parameter's value as text: money, decimals, choices, lists; the class-size table is shown as its own table. */
export function ParameterValue({ path, value }: { path: string; value: unknown }) {
  const t = useT();
  const lang = t.language;
  if (path === '/total' && typeof value === 'string' && /^\d+$/.test(value))
    return <>{formatMoney(Number(value), lang)}</>;
  if (path === '/classSize/table') return <>{t('sv.param.tableBelow')}</>;
  if (typeof value === 'string') {
    const key = `sv.choice.${value}`;
    if (CHOICES[path] && isMessageKey(key)) return <>{t(key)}</>;
    return <>{formatPlain(value, lang)}</>;
  }
  if (typeof value === 'boolean') return <>{t(value ? 'sv.yes' : 'sv.no')}</>;
  if (Array.isArray(value)) return <>{value.length === 0 ? t('sv.param.emptyList') : value.join(', ')}</>;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <>{t('sv.param.emptyList')}</>;
    return <code className="sv-json">{JSON.stringify(value)}</code>;
  }
  return <>{String(value)}</>;
}

/** The normative class-size table of a set (pupil density × share of rural population). */
export function ClassSizeTableView({ table, caption }: { table: ClassTable; caption: string }) {
  const t = useT();
  const lang = t.language;
  const band = (bounds: string[], i: number, last: string) =>
    i < bounds.length - 1
      ? `${formatPlain(bounds[i], lang)}–${formatPlain(bounds[i + 1], lang)}`
      : `≥ ${formatPlain(bounds[i], lang)}${last}`;
  return (
    <div className="sv-table-wrap">
      <table className="table table--compact sv-class-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sv.table.corner')}</th>
            {table.ruralBounds.map((_, j) => (
              <th scope="col" className="num" key={j}>
                {band(table.ruralBounds, j, '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.values.map((row, i) => (
            <tr key={i}>
              <th scope="row">{band(table.densityBounds, i, '')}</th>
              {row.map((v, j) => (
                <td className="num" key={j}>
                  {formatPlain(v, lang)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A parameter set in one version: every value with its source and whether it was verified there (unverified values
 * are marked as such), the class-size table, the versions; ministry administrators edit it (a new version, the
 * earlier ones kept) or copy it into a new set.
 */
export default function ParameterSetPage() {
  const { setId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const version = params.get('version') ?? '';
  const t = useT();
  const me = useMe();
  const set = useResource(`${setId}|${version}`, loadSet);
  const [editing, setEditing] = useState(false);
  const name = set.state === 'ready' ? set.data.name : '';
  useDocumentTitle(name || t('sv.sets.titleOne'));
  const manage = can(me, 'subvention:manage');
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/subvention">{t('sv.back')}</Link>
      </p>
      <PageHeading ready={set.state !== 'loading'}>{name || t('sv.sets.titleOne')}</PageHeading>
      {set.state === 'loading' && <Busy />}
      {set.state === 'error' && <ErrorMessage error={set.error} onRetry={set.retry} />}
      {set.state === 'ready' && (
        <>
          <SetFacts set={set.data} onVersion={(v) => setParams(v ? { version: String(v) } : {})} />
          {manage && set.data.version === set.data.latestVersion && !editing && (
            <p className="toolbar">
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('sv.edit.open')}
              </button>
            </p>
          )}
          {editing ? (
            <EditForm
              set={set.data}
              onDone={() => {
                setEditing(false);
                setParams({});
                set.retry();
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <Entries set={set.data} />
          )}
          {manage && !editing && <CopyForm set={set.data} />}
        </>
      )}
    </div>
  );
}

function SetFacts({ set, onVersion }: { set: ParameterSet; onVersion: (v: number | null) => void }) {
  const t = useT();
  return (
    <>
      {set.isDefault && <p className="notice notice--warning">{t('sv.sets.defaultNotice')}</p>}
      <dl className="facts">
        <div>
          <dt>{t('sv.year')}</dt>
          <dd>{set.budgetYear}</dd>
        </div>
        <div>
          <dt>{t('sv.sets.version')}</dt>
          <dd>
            {t('sv.sets.versionOf', { version: set.version, latest: set.latestVersion })} ·{' '}
            {formatDateTime(set.versionCreatedAt)}
            {set.note ? ` — ${set.note}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('sv.sets.unverifiedCount')}</dt>
          <dd>
            {set.unverified.length === 0
              ? t('sv.sets.allVerified')
              : t('sv.sets.unverifiedText', { count: set.unverified.length, total: set.entries.length })}
          </dd>
        </div>
      </dl>
      {set.versions.length > 1 && (
        <SelectField
          id="sv-version"
          label={t('sv.sets.showVersion')}
          value={String(set.version)}
          width="medium"
          options={set.versions.map((v) => ({
            value: String(v.version),
            label: `${t('sv.sets.versionN', { version: v.version })} · ${formatDateTime(v.createdAt)}${v.note ? ` — ${v.note}` : ''}`,
          }))}
          onChange={(v) => onVersion(Number(v) === set.latestVersion ? null : Number(v))}
        />
      )}
    </>
  );
}

function Entries({ set }: { set: ParameterSet }) {
  const t = useT();
  const table = (set.params.classSize as { table?: { value: ClassTable } } | undefined)?.table?.value;
  return (
    <section aria-labelledby="sv-entries-title">
      <h2 id="sv-entries-title">{t('sv.sets.values')}</h2>
      <table className="table sv-entries">
        <caption className="visually-hidden">{t('sv.sets.values')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sv.param.name')}</th>
            <th scope="col">{t('sv.param.value')}</th>
            <th scope="col">{t('sv.param.source')}</th>
            <th scope="col">{t('sv.param.status')}</th>
          </tr>
        </thead>
        <tbody>
          {set.entries.map((e) => (
            <tr key={e.path} className={e.verified ? undefined : 'sv-unverified'}>
              <th scope="row">
                {parameterLabel(t, e.path, e.label)}
                {e.note && <p className="note">{e.note}</p>}
              </th>
              <td>
                <ParameterValue path={e.path} value={e.value} />
              </td>
              <td>{e.source || <span className="note">{t('sv.param.noSource')}</span>}</td>
              <td>
                <VerifiedBadge verified={e.verified} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {table && <ClassSizeTableView table={table} caption={t('sv.table.caption')} />}
    </section>
  );
}

/** The values that can be typed (numbers, amounts, choices); lists and tables keep their value in a new version. */
const editable = (e: ParameterEntry) => typeof e.value === 'string';

interface Draft {
  value: string;
  source: string;
  verified: boolean;
}

function EditForm({ set, onDone, onCancel }: { set: ParameterSet; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const lang = t.language;
  const entries = set.entries.filter(editable);
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      entries.map((e) => [
        e.path,
        {
          value:
            e.path === '/total'
              ? kopToUahInput(String(e.value), lang)
              : String(e.value).replace('.', lang === 'uk' ? ',' : '.'),
          source: e.source,
          verified: e.verified,
        },
      ]),
    ),
  );
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const fieldId = (path: string) => `sv-edit-${path.replace(/\//g, '-').slice(1)}`;
  const change = (path: string, patch: Partial<Draft>) =>
    setDrafts((d) => ({ ...d, [path]: { ...d[path]!, ...patch } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setFormError(null);
    const problems: Record<string, string> = {};
    const params = structuredClone(set.params);
    for (const e of entries) {
      const d = drafts[e.path]!;
      let value: string | null;
      if (e.path === '/total') value = parseUah(d.value);
      else if (CHOICES[e.path]) value = d.value;
      else value = parseDecimalInput(d.value);
      if (value === null) {
        problems[e.path] = t(e.path === '/total' ? 'sv.edit.amountInvalid' : 'sv.edit.decimalInvalid');
        continue;
      }
      const node = e.path
        .slice(1)
        .split('/')
        .reduce<Record<string, unknown>>((n, k) => n[k] as Record<string, unknown>, params);
      node.value = value;
      node.source = d.source.trim();
      node.verified = d.verified;
    }
    if (note.trim().length < 3) problems.note = t('sv.edit.noteRequired');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      await subventionApi.updateParameterSet(set.id, set.latestVersion, { params, note: note.trim() });
      onDone();
    } catch (error) {
      const byPath = fieldErrorsByPath(t, error);
      const mapped: Record<string, string> = {};
      for (const [path, message] of Object.entries(byPath)) {
        const entry = entries.find(
          (e) => path === `/params${e.path}/value` || path === `${e.path}/value` || path === e.path,
        );
        mapped[entry ? entry.path : path === '/note' ? 'note' : '_'] = message;
      }
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorText(t, error));
    } finally {
      setSaving(false);
    }
  };

  const summary: SummaryItem[] = [
    ...(formError ? [{ field: null, message: formError }] : []),
    ...Object.entries(errors).map(([path, message]) => ({
      field: path === 'note' ? 'sv-edit-note' : path === '_' ? null : fieldId(path),
      message:
        path === 'note' || path === '_'
          ? message
          : `${parameterLabel(t, path, entries.find((e) => e.path === path)?.label ?? path)}: ${message}`,
    })),
  ];

  return (
    <section aria-labelledby="sv-edit-title">
      <h2 id="sv-edit-title">{t('sv.edit.title')}</h2>
      <p>{t('sv.edit.lead')}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {entries.map((e) => {
          const d = drafts[e.path]!;
          const id = fieldId(e.path);
          const label = parameterLabel(t, e.path, e.label);
          return (
            <fieldset className="fieldset fieldset--group sv-edit-entry" key={e.path}>
              <legend>{label}</legend>
              {CHOICES[e.path] ? (
                <SelectField
                  id={id}
                  label={t('sv.param.value')}
                  value={d.value}
                  options={CHOICES[e.path]!.map((c) => ({
                    value: c,
                    label: isMessageKey(`sv.choice.${c}`) ? t(`sv.choice.${c}` as 'sv.choice.normative') : c,
                  }))}
                  onChange={(v) => change(e.path, { value: v })}
                  error={errors[e.path]}
                />
              ) : (
                <TextField
                  id={id}
                  label={e.path === '/total' ? t('sv.edit.totalUah') : t('sv.param.value')}
                  value={d.value}
                  onChange={(v) => change(e.path, { value: v })}
                  inputMode="text"
                  width="medium"
                  error={errors[e.path]}
                />
              )}
              <TextField
                id={`${id}-source`}
                label={t('sv.param.source')}
                required={false}
                value={d.source}
                onChange={(v) => change(e.path, { source: v })}
              />
              <CheckboxField
                id={`${id}-verified`}
                label={t('sv.edit.verifiedLabel')}
                checked={d.verified}
                onChange={(v) => change(e.path, { verified: v })}
              />
            </fieldset>
          );
        })}
        <TextArea
          id="sv-edit-note"
          label={t('sv.edit.note')}
          hint={t('sv.edit.noteHint')}
          value={note}
          onChange={setNote}
          error={errors.note}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            {saving ? t('form.saving') : t('sv.edit.save')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('form.cancel')}
          </button>
        </div>
        {saving && <Busy label={t('form.saving')} />}
      </form>
    </section>
  );
}

function CopyForm({ set }: { set: ParameterSet }) {
  const t = useT();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length < 3) {
      setError(t('sv.copy.nameRequired'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const created = await subventionApi.createParameterSet({
        budgetYear: set.budgetYear,
        name: name.trim(),
        from: { id: set.id, version: set.version },
      });
      void navigate(`/subvention/parameter-sets/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setError(fieldErrorsByPath(t, e)['/name'] ?? errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sv-copy-title" className="card-section">
      <h2 id="sv-copy-title">{t('sv.copy.title')}</h2>
      <p>{t('sv.copy.lead', { version: set.version })}</p>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField id="sv-copy-name" label={t('sv.copy.name')} value={name} onChange={setName} error={error} />
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('sv.copy.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
