import { isValidEdrpou } from '@aikom/domain/identifiers/edrpou';
import type {
  Organisation,
  OrganisationCreate,
  OrganisationPatch,
  OrganisationStatus,
  Ownership,
  SchoolType,
  SettlementType,
} from '@aikom/sdk';

/** The organisation form as text fields (what the inputs hold); '' is an empty field. */
export interface OrgFormValues {
  name: string;
  shortName: string;
  edrpou: string;
  territoryCode: string;
  schoolType: string;
  ownership: string;
  /** '' = derived by the server from the territory. */
  settlementType: string;
  status: string;
  originalTerritoryCode: string;
  founder: string;
  gradeMin: string;
  gradeMax: string;
  address: string;
}

export type OrgField = keyof OrgFormValues;
export type CreatableKind = 'ouo' | 'school';

export const EMPTY_ORG_FORM: OrgFormValues = {
  name: '',
  shortName: '',
  edrpou: '',
  territoryCode: '',
  schoolType: '',
  ownership: '',
  settlementType: '',
  status: 'operating',
  originalTerritoryCode: '',
  founder: '',
  gradeMin: '',
  gradeMax: '',
  address: '',
};

export function orgToForm(o: Organisation): OrgFormValues {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    edrpou: o.edrpou ?? '',
    territoryCode: o.territory?.code ?? '',
    schoolType: o.schoolType ?? '',
    ownership: o.ownership ?? '',
    settlementType: o.settlementType ?? '',
    status: o.status,
    originalTerritoryCode: o.originalTerritory?.code ?? '',
    founder: o.founder ?? '',
    gradeMin: o.gradeMin === null ? '' : String(o.gradeMin),
    gradeMax: o.gradeMax === null ? '' : String(o.gradeMax),
    address: o.address ?? '',
  };
}

const grade = (s: string) => (/^\d{1,2}$/.test(s.trim()) ? Number(s.trim()) : undefined);

/** The body of `POST /api/v1/organisations`: empty fields are left out. */
export function formToCreate(kind: CreatableKind, parentId: string, v: OrgFormValues): OrganisationCreate {
  const body: OrganisationCreate = { kind, parentId, name: v.name.trim() };
  const text = (s: string) => s.trim() || undefined;
  const set = <K extends keyof OrganisationCreate>(key: K, value: OrganisationCreate[K] | undefined) => {
    if (value !== undefined) body[key] = value;
  };
  set('shortName', text(v.shortName));
  set('edrpou', text(v.edrpou));
  set('territoryCode', text(v.territoryCode));
  if (kind === 'school') {
    set('schoolType', (text(v.schoolType) as SchoolType | undefined) ?? undefined);
    set('settlementType', text(v.settlementType) as SettlementType | undefined);
    set('gradeMin', grade(v.gradeMin));
    set('gradeMax', grade(v.gradeMax));
  }
  set('ownership', text(v.ownership) as Ownership | undefined);
  set('status', text(v.status) as OrganisationStatus | undefined);
  if (v.status === 'relocated') set('originalTerritoryCode', text(v.originalTerritoryCode));
  set('founder', text(v.founder));
  set('address', text(v.address));
  return body;
}

/**
 * The body of `PATCH /api/v1/organisations/{id}`: only what changed. A cleared optional text becomes `null`; a
 * required field that was emptied is left out (the form's check stops it before).
 */
export function formToPatch(before: OrgFormValues, v: OrgFormValues): OrganisationPatch {
  const patch: OrganisationPatch = {};
  const changed = (f: OrgField) => before[f].trim() !== v[f].trim();
  const nullable = (s: string) => s.trim() || null;
  if (changed('name') && v.name.trim()) patch.name = v.name.trim();
  if (changed('shortName')) patch.shortName = nullable(v.shortName);
  if (changed('edrpou') && v.edrpou.trim()) patch.edrpou = v.edrpou.trim();
  if (changed('territoryCode') && v.territoryCode) patch.territoryCode = v.territoryCode;
  if (changed('schoolType') && v.schoolType) patch.schoolType = v.schoolType as SchoolType;
  if (changed('ownership') && v.ownership) patch.ownership = v.ownership as Ownership;
  if (changed('settlementType') && v.settlementType) patch.settlementType = v.settlementType as SettlementType;
  if (changed('status') && v.status) patch.status = v.status as OrganisationStatus;
  if (v.status === 'relocated' ? changed('originalTerritoryCode') : before.originalTerritoryCode !== '') {
    patch.originalTerritoryCode = v.status === 'relocated' ? nullable(v.originalTerritoryCode) : null;
  }
  if (changed('founder')) patch.founder = nullable(v.founder);
  const min = grade(v.gradeMin);
  const max = grade(v.gradeMax);
  if (changed('gradeMin') && min !== undefined) patch.gradeMin = min;
  if (changed('gradeMax') && max !== undefined) patch.gradeMax = max;
  if (changed('address')) patch.address = nullable(v.address);
  return patch;
}

/** Problems the browser can see before sending, as codes of the form's messages (`orgForm.error.<code>`). */
export type OrgProblem =
  | 'NAME_REQUIRED'
  | 'EDRPOU_REQUIRED'
  | 'EDRPOU_FORMAT'
  | 'EDRPOU_CHECK_DIGIT'
  | 'TERRITORY_REQUIRED'
  | 'SCHOOL_TYPE_REQUIRED'
  | 'OWNERSHIP_REQUIRED'
  | 'ORIGINAL_TERRITORY_REQUIRED'
  | 'GRADE_FORMAT'
  | 'GRADES_ORDER';

export function checkOrgForm(
  kind: 'region' | 'ouo' | 'school' | 'ministry',
  v: OrgFormValues,
): Partial<Record<OrgField, OrgProblem>> {
  const out: Partial<Record<OrgField, OrgProblem>> = {};
  if (v.name.trim().length < 3) out.name = 'NAME_REQUIRED';
  const edrpou = v.edrpou.trim();
  if (edrpou) {
    if (!/^\d{8}$/.test(edrpou)) out.edrpou = 'EDRPOU_FORMAT';
    else if (!isValidEdrpou(edrpou)) out.edrpou = 'EDRPOU_CHECK_DIGIT';
  } else if (kind === 'school') out.edrpou = 'EDRPOU_REQUIRED';
  if (kind === 'school') {
    if (!v.territoryCode) out.territoryCode = 'TERRITORY_REQUIRED';
    if (!v.schoolType) out.schoolType = 'SCHOOL_TYPE_REQUIRED';
    if (!v.ownership) out.ownership = 'OWNERSHIP_REQUIRED';
    for (const f of ['gradeMin', 'gradeMax'] as const) {
      const g = v[f].trim();
      if (g && (grade(g) === undefined || grade(g)! < 1 || grade(g)! > 12)) out[f] = 'GRADE_FORMAT';
    }
    const min = grade(v.gradeMin);
    const max = grade(v.gradeMax);
    if (!out.gradeMax && min !== undefined && max !== undefined && min > max) out.gradeMax = 'GRADES_ORDER';
  }
  if (v.status === 'relocated' && !v.originalTerritoryCode) out.originalTerritoryCode = 'ORIGINAL_TERRITORY_REQUIRED';
  return out;
}

/** The form field of a server error's JSON Pointer (`/territoryCode` → `territoryCode`); null for the form itself. */
export function orgFieldOf(pointer: string): OrgField | null {
  const name = pointer.replace(/^\//, '').split('/')[0] ?? '';
  return name in EMPTY_ORG_FORM ? (name as OrgField) : null;
}
