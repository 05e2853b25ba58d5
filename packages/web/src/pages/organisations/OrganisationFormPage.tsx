import type { Organisation, Tagged, TerritorySearchHit } from '@aikom/sdk';
import { isApiError } from '@aikom/sdk';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { RadioGroup, SelectField, TextField } from '../../components/fields';
import { TerritoryPicker } from '../../components/TerritoryPicker';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { errorText, fieldErrorText, hasCode } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import {
  ORGANISATION_STATUSES,
  OWNERSHIPS,
  SCHOOL_TYPES,
  kindLabel,
  ownershipLabel,
  schoolTypeLabel,
  statusLabel,
} from './labels';
import {
  EMPTY_ORG_FORM,
  checkOrgForm,
  formToCreate,
  formToPatch,
  orgFieldOf,
  orgToForm,
  type CreatableKind,
  type OrgField,
  type OrgFormValues,
} from './orgForm';

const loadOrganisation = (id: string, signal: AbortSignal) => api.organisations.get(id, { signal });

/** A school's location: a settlement or a city district, or Kyiv / Sevastopol themselves. */
const LOCATION_LEVELS = [4, 5, 1] as const;
const acceptLocation = (hit: TerritorySearchHit) => hit.level >= 4 || hit.category === 'K';
const GRADES = Array.from({ length: 12 }, (_, i) => String(i + 1));

/**
 * Creating an ОУО under a region or a school under an ОУО (`/organisations/:id/new/:kind`), or editing an
 * organisation (`/organisations/:id/edit`, sent with If-Match so that a concurrent change is not overwritten).
 */
export default function OrganisationFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const { id = '', kind = '' } = useParams();
  const t = useT();
  const org = useResource(id, loadOrganisation);
  const creating = mode === 'create';
  const childKind: CreatableKind | null = kind === 'ouo' || kind === 'school' ? kind : null;
  const title = creating
    ? t(childKind === 'school' ? 'orgs.createSchool' : 'orgs.createOuo')
    : org.state === 'ready'
      ? t('orgForm.editTitle', { name: org.data.data.name })
      : t('orgs.edit');
  useDocumentTitle(title);
  const parentMismatch =
    creating &&
    org.state === 'ready' &&
    !(
      (childKind === 'ouo' && org.data.data.kind === 'region') ||
      (childKind === 'school' && org.data.data.kind === 'ouo')
    );
  return (
    <div className="page">
      {org.state === 'ready' && (
        <p className="back-link">
          <Link to={`/organisations/${org.data.data.id}`}>{t('orgForm.back', { name: org.data.data.name })}</Link>
        </p>
      )}
      <PageHeading ready={org.state !== 'loading'}>{title}</PageHeading>
      {org.state === 'loading' && <Busy />}
      {org.state === 'error' && <ErrorMessage error={org.error} onRetry={org.retry} />}
      {parentMismatch && (
        <div role="alert" className="error-message">
          <p>{t('orgForm.wrongParent', { kind: kindLabel(t, org.data.data.kind) })}</p>
        </div>
      )}
      {org.state === 'ready' && !parentMismatch && (
        <OrganisationForm
          key={`${org.data.etag}-${mode}`}
          mode={mode}
          kind={creating ? childKind! : org.data.data.kind}
          target={org.data}
          onReload={org.retry}
        />
      )}
    </div>
  );
}

function OrganisationForm({
  mode,
  kind,
  target,
  onReload,
}: {
  mode: 'create' | 'edit';
  kind: 'ouo' | 'school' | 'region' | 'ministry';
  /** The parent (create) or the organisation itself (edit). */
  target: Tagged<Organisation>;
  onReload: () => void;
}) {
  const t = useT();
  const id = useId();
  const me = useMe();
  const navigate = useNavigate();
  const initial = mode === 'edit' ? orgToForm(target.data) : EMPTY_ORG_FORM;
  const [values, setValues] = useState<OrgFormValues>(initial);
  const [errors, setErrors] = useState<Partial<Record<OrgField, string>>>({});
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState('');
  const own = mode === 'edit' && me?.organisation.id === target.data.id;
  const school = kind === 'school';

  const fid = (f: OrgField) => `${id}-${f}`;
  const set = (f: OrgField) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };

  const report = (found: Partial<Record<OrgField, string>>, formLevel: string[] = []) => {
    setErrors(found);
    setProblems([
      ...formLevel.map((message) => ({ field: null, message })),
      ...Object.entries(found)
        .filter((e): e is [OrgField, string] => !!e[1])
        .map(([f, message]) => ({ field: fid(f), message })),
    ]);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    const checked = checkOrgForm(kind, values);
    const found: Partial<Record<OrgField, string>> = {};
    for (const [f, code] of Object.entries(checked)) found[f as OrgField] = t(`orgForm.error.${code}`);
    if (Object.keys(found).length > 0) return report(found);
    setBusy(true);
    try {
      if (mode === 'create') {
        const created = await api.organisations.create(formToCreate(kind as CreatableKind, target.data.id, values));
        await navigate(`/organisations/${created.id}`, {
          state: { saved: t('orgForm.created', { name: created.name }) },
        });
      } else {
        const patch = formToPatch(initial, values);
        if (Object.keys(patch).length === 0) {
          setNotice(t('orgForm.nothingChanged'));
          setProblems([]);
          return;
        }
        await api.organisations.update(target.data.id, patch, { ifMatch: target.etag });
        await navigate(`/organisations/${target.data.id}`, { state: { saved: t('orgForm.saved') } });
      }
    } catch (e) {
      if (hasCode(e, 'PRECONDITION_FAILED')) {
        setStale(true);
        report({}, [t('orgForm.stale')]);
      } else {
        const byField: Partial<Record<OrgField, string>> = {};
        const rest: string[] = [];
        if (isApiError(e)) {
          for (const fe of e.errors) {
            const f = orgFieldOf(fe.path);
            if (f) byField[f] = fieldErrorText(t, fe);
            else rest.push(fieldErrorText(t, fe));
          }
        }
        if (Object.keys(byField).length === 0 && rest.length === 0) rest.push(errorText(t, e));
        report(byField, rest);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {mode === 'create' && (
        <p className="subtitle">
          {t('orgs.parent')}: {target.data.name}
        </p>
      )}
      <ErrorSummary items={problems} focusKey={attempt} />
      {stale && (
        <div className="notice notice--warning">
          <p>{t('orgForm.staleText')}</p>
          <button type="button" className="button" onClick={onReload}>
            {t('orgForm.reload')}
          </button>
        </div>
      )}
      <p role="status" className="status-line">
        {notice}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy}>
        <TextField
          id={fid('name')}
          label={t('org.field.name')}
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          maxLength={300}
        />
        <TextField
          id={fid('shortName')}
          label={t('org.field.shortName')}
          required={false}
          value={values.shortName}
          onChange={set('shortName')}
          error={errors.shortName}
          maxLength={120}
          width="medium"
        />
        {own ? (
          <p className="readonly-field">
            <span className="field-label">{t('org.field.edrpou')}</span> {values.edrpou || '—'}
          </p>
        ) : (
          <TextField
            id={fid('edrpou')}
            label={t('org.field.edrpou')}
            required={school ? undefined : false}
            hint={t('orgForm.edrpouHint')}
            value={values.edrpou}
            onChange={set('edrpou')}
            error={errors.edrpou}
            inputMode="numeric"
            maxLength={8}
            width="short"
          />
        )}
        <TerritoryPicker
          id={fid('territoryCode')}
          label={t('org.field.territory')}
          hint={t('orgForm.territoryHint')}
          levels={LOCATION_LEVELS}
          accept={acceptLocation}
          value={values.territoryCode}
          onChange={set('territoryCode')}
          error={errors.territoryCode}
          required={school}
        />
        {school && (
          <>
            <SelectField
              id={fid('schoolType')}
              label={t('org.field.schoolType')}
              value={values.schoolType}
              onChange={set('schoolType')}
              error={errors.schoolType}
              placeholder={t('form.choose')}
              options={SCHOOL_TYPES.map((v) => ({ value: v, label: schoolTypeLabel(t, v) }))}
              width="medium"
            />
            <RadioGroup
              id={fid('ownership')}
              label={t('org.field.ownership')}
              value={values.ownership}
              onChange={set('ownership')}
              error={errors.ownership}
              options={OWNERSHIPS.map((v) => ({ value: v, label: ownershipLabel(t, v) }))}
              inline
            />
            <SelectField
              id={fid('settlementType')}
              label={t('org.field.settlementType')}
              value={values.settlementType}
              onChange={set('settlementType')}
              error={errors.settlementType}
              options={[
                { value: '', label: t('orgForm.settlementAuto') },
                { value: 'urban', label: t('org.settlement.urban') },
                { value: 'rural', label: t('org.settlement.rural') },
              ]}
              width="medium"
            />
            <div className="field-row">
              <SelectField
                id={fid('gradeMin')}
                label={t('orgForm.gradeMin')}
                required={false}
                value={values.gradeMin}
                onChange={set('gradeMin')}
                error={errors.gradeMin}
                placeholder="—"
                options={GRADES.map((g) => ({ value: g, label: g }))}
                width="short"
              />
              <SelectField
                id={fid('gradeMax')}
                label={t('orgForm.gradeMax')}
                required={false}
                value={values.gradeMax}
                onChange={set('gradeMax')}
                error={errors.gradeMax}
                placeholder="—"
                options={GRADES.map((g) => ({ value: g, label: g }))}
                width="short"
              />
            </div>
            <TextField
              id={fid('founder')}
              label={t('org.field.founder')}
              required={false}
              value={values.founder}
              onChange={set('founder')}
              error={errors.founder}
              maxLength={300}
            />
          </>
        )}
        {own ? (
          <p className="readonly-field">
            <span className="field-label">{t('org.field.status')}</span> {statusLabel(t, values.status)}
          </p>
        ) : (
          <RadioGroup
            id={fid('status')}
            label={t('org.field.status')}
            value={values.status}
            onChange={set('status')}
            error={errors.status}
            options={ORGANISATION_STATUSES.map((v) => ({ value: v, label: statusLabel(t, v) }))}
          />
        )}
        {values.status === 'relocated' && (
          <TerritoryPicker
            id={fid('originalTerritoryCode')}
            label={t('org.field.originalTerritory')}
            hint={t('orgForm.originalHint')}
            levels={[3, 4]}
            value={values.originalTerritoryCode}
            onChange={set('originalTerritoryCode')}
            error={errors.originalTerritoryCode}
            showStatus
            required
          />
        )}
        <TextField
          id={fid('address')}
          label={t('org.field.address')}
          required={false}
          value={values.address}
          onChange={set('address')}
          error={errors.address}
          maxLength={500}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {mode === 'create' ? t('orgForm.create') : t('form.save')}
          </button>
          <Link className="button-link button-link--secondary" to={`/organisations/${target.data.id}`}>
            {t('form.cancel')}
          </Link>
        </div>
        {busy && <Busy label={t('form.saving')} />}
      </form>
    </>
  );
}
