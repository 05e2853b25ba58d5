import type { Organisation } from '@aikom/sdk';
import { INDICATOR_NUMBERS, VALIDATION_RULES, type IndicatorNumber } from '@aikom/domain/validation/rules';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { CheckboxField, DateField, RadioGroup, SelectField, TextArea, TextField } from '../../components/fields';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { useT } from '../../i18n/I18nProvider';
import './campaigns.css';
import { api } from '../../lib/api';
import { localIsoDate } from '../../lib/date';
import { errorText, fieldErrorsByPath } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { indicatorName, ruleText } from '../pupils/labels';
import { campaignsApi } from './campaignApi';
import { checkDraft, emptyDraft, extraRuleChoices, toInput, type CampaignDraft } from './campaignForm';

const loadRegions = (_key: string, signal: AbortSignal) =>
  api.organisations.list({ kind: 'region', limit: 100 }, { signal });

/** Server field paths → the form's field ids. */
const FIELD_OF: Record<string, keyof CampaignDraft> = {
  '/title': 'title',
  '/instructions': 'instructions',
  '/deadline': 'deadline',
  '/scope': 'scopeKind',
  '/scope/schoolIds': 'schoolIds',
  '/scope/regionId': 'regionId',
  '/indicators': 'indicators',
  '/rules': 'rules',
  '/reminderDays': 'reminderDays',
};

/**
 * «Нова кампанія»: title, instructions, deadline (дд.мм.рррр), scope (all schools, a region, a list of schools),
 * the indicators and extra rules that must be satisfied, whether schools must confirm, the automatic reminder.
 * A region administrator's campaign is for their region (or a list of its schools).
 */
export default function CampaignFormPage() {
  const t = useT();
  const me = useMe();
  const navigate = useNavigate();
  const regionAdmin = me?.role === 'region_admin';
  const [draft, setDraft] = useState<CampaignDraft>(() => emptyDraft(regionAdmin ? (me?.organisation.id ?? '') : ''));
  const [schools, setSchools] = useState<Organisation[]>([]);
  const [picked, setPicked] = useState<Organisation | null>(null);
  const [submitted, setSubmitted] = useState(0);
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const regions = useResource(regionAdmin ? null : 'regions', loadRegions);
  useDocumentTitle(t('camp.new'));

  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setServerErrors((e) => ({ ...e, [key]: '' }));
  };
  const problems = checkDraft(draft, localIsoDate());
  const errorOf = (key: keyof CampaignDraft): string | null => {
    const p = problems[key];
    if (submitted > 0 && p) return t(`camp.form.error.${p}`);
    return serverErrors[key] || null;
  };
  const fields: Array<keyof CampaignDraft> = [
    'title',
    'deadline',
    'scopeKind',
    'regionId',
    'schoolIds',
    'indicators',
    'reminderDays',
    'instructions',
    'rules',
  ];
  const summary: SummaryItem[] = [
    ...fields.flatMap((f) => {
      const e = errorOf(f);
      return e ? [{ field: f === 'schoolIds' ? 'school-pick' : f, message: e }] : [];
    }),
    ...(formError ? [{ field: null, message: formError }] : []),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted((n) => n + 1);
    setFormError(null);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const created = await campaignsApi.create(toInput(draft));
      void navigate(`/campaigns/${created.campaign.id}`, {
        state: { notice: t('camp.form.created', { count: created.schools }) },
      });
    } catch (error) {
      const byPath = fieldErrorsByPath(t, error);
      const mapped: Record<string, string> = {};
      let unplaced = false;
      for (const [p, message] of Object.entries(byPath)) {
        const field = FIELD_OF[p] ?? FIELD_OF[`/${p.split('/')[1] ?? ''}`];
        if (field) mapped[field] = message;
        else unplaced = true;
      }
      setServerErrors(mapped);
      if (unplaced || Object.keys(mapped).length === 0) setFormError(errorText(t, error));
      setSubmitted((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const toggleIndicator = (n: IndicatorNumber, on: boolean) =>
    set('indicators', on ? [...draft.indicators, n].sort() : draft.indicators.filter((x) => x !== n));
  const toggleRule = (code: string, on: boolean) =>
    set('rules', on ? [...draft.rules, code] : draft.rules.filter((x) => x !== code));
  const addSchool = (o: Organisation | null) => {
    setPicked(null);
    // The picker stays open for the next school: the search box keeps the focus.
    requestAnimationFrame(() => document.getElementById('school-pick')?.focus());
    if (!o || draft.schoolIds.includes(o.id)) return;
    setSchools((s) => [...s, o]);
    set('schoolIds', [...draft.schoolIds, o.id]);
  };
  const removeSchool = (id: string) => {
    setSchools((s) => s.filter((o) => o.id !== id));
    set(
      'schoolIds',
      draft.schoolIds.filter((x) => x !== id),
    );
  };
  const extra = extraRuleChoices(draft.indicators);
  const rules = VALIDATION_RULES as unknown as Record<string, { message: { uk: string } }>;

  return (
    <div className="page page--narrow">
      <p className="back-link">
        <Link to="/campaigns">{t('camp.backToList')}</Link>
      </p>
      <PageHeading>{t('camp.new')}</PageHeading>
      <p className="lead">{t('camp.form.lead')}</p>
      <ErrorSummary items={summary} focusKey={submitted} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="title"
          label={t('camp.form.title')}
          value={draft.title}
          onChange={(v) => set('title', v)}
          maxLength={300}
          error={errorOf('title')}
          required
        />
        <TextArea
          id="instructions"
          label={t('camp.form.instructions')}
          hint={t('camp.form.instructionsHint')}
          value={draft.instructions}
          onChange={(v) => set('instructions', v)}
          maxLength={5000}
          rows={5}
          required={false}
          error={errorOf('instructions')}
        />
        <DateField
          id="deadline"
          label={t('camp.form.deadline')}
          value={draft.deadline}
          onChange={(v) => set('deadline', v)}
          error={errorOf('deadline')}
          required
        />
        <RadioGroup
          id="scopeKind"
          label={t('camp.form.scope')}
          value={draft.scopeKind}
          onChange={(v) => set('scopeKind', v as CampaignDraft['scopeKind'])}
          error={errorOf('scopeKind')}
          options={[
            ...(regionAdmin ? [] : [{ value: 'all', label: t('camp.scope.all') }]),
            { value: 'region', label: regionAdmin ? t('camp.form.scopeOwnRegion') : t('camp.scope.region') },
            { value: 'list', label: t('camp.scope.list') },
          ]}
        />
        {draft.scopeKind === 'region' &&
          !regionAdmin &&
          (regions.state === 'loading' ? (
            <Busy />
          ) : (
            <SelectField
              id="regionId"
              label={t('camp.form.region')}
              value={draft.regionId}
              onChange={(v) => set('regionId', v)}
              placeholder={t('form.choose')}
              error={errorOf('regionId')}
              options={
                regions.state === 'ready'
                  ? regions.data.items
                      .map((r) => ({ value: r.id, label: r.name }))
                      .sort((a, b) => a.label.localeCompare(b.label, 'uk'))
                  : []
              }
            />
          ))}
        {draft.scopeKind === 'list' && (
          <div className={`field ${errorOf('schoolIds') ? 'field--invalid' : ''}`}>
            <OrganisationPicker
              id="school-pick"
              kind="school"
              label={t('camp.form.addSchool')}
              hint={t('camp.form.addSchoolHint')}
              value={picked}
              onChange={addSchool}
              error={errorOf('schoolIds')}
            />
            {schools.length > 0 && (
              <ul className="campaign-schools" aria-label={t('camp.form.chosenSchools')}>
                {schools.map((s) => (
                  <li key={s.id}>
                    {s.name}{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => removeSchool(s.id)}
                      aria-label={t('camp.form.removeSchool', { name: s.name })}
                    >
                      {t('camp.form.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <fieldset
          className={`field fieldset ${errorOf('indicators') ? 'field--invalid' : ''}`}
          id="indicators"
          tabIndex={-1}
          aria-describedby="indicators-error"
        >
          <legend className="field-label">{t('camp.form.indicators')}</legend>
          <div id="indicators-error" aria-live="polite">
            {errorOf('indicators') && <p className="field-error">{errorOf('indicators')}</p>}
          </div>
          {INDICATOR_NUMBERS.map((n) => (
            <CheckboxField
              key={n}
              id={`indicator-${n}`}
              label={`${n}. ${indicatorName(t, n, '')}`}
              checked={draft.indicators.includes(n)}
              onChange={(on) => toggleIndicator(n, on)}
            />
          ))}
        </fieldset>
        <details className="campaign-rules" id="rules">
          <summary>{t('camp.form.extraRules', { count: draft.rules.length })}</summary>
          <fieldset className="fieldset">
            <legend className="visually-hidden">{t('camp.form.extraRulesLegend')}</legend>
            {extra.map((code) => (
              <CheckboxField
                key={code}
                id={`rule-${code}`}
                label={ruleText(t, code, rules[code]?.message.uk ?? code)}
                checked={draft.rules.includes(code)}
                onChange={(on) => toggleRule(code, on)}
              />
            ))}
          </fieldset>
        </details>
        <CheckboxField
          id="requiresConfirmation"
          label={t('camp.form.confirmation')}
          hint={t('camp.form.confirmationHint')}
          checked={draft.requiresConfirmation}
          onChange={(v) => set('requiresConfirmation', v)}
        />
        <TextField
          id="reminderDays"
          label={t('camp.form.reminderDays')}
          hint={t('camp.form.reminderHint')}
          value={draft.reminderDays}
          onChange={(v) => set('reminderDays', v)}
          inputMode="numeric"
          width="short"
          required={false}
          error={errorOf('reminderDays')}
        />
        <p className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            {t('camp.form.submit')}
          </button>{' '}
          <Link to="/campaigns" className="button-link button-link--secondary">
            {t('form.cancel')}
          </Link>
        </p>
        {saving && <Busy label={t('camp.form.saving')} />}
      </form>
    </div>
  );
}
