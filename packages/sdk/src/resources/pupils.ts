import { ApiError } from '../errors';
import { path, type CallOptions, type HttpClient } from '../http';
import { etagOfVersion, type Tagged } from './organisations';

/**
 * The pupil exchange record (ARCHITECTURE.md, «The pupil exchange record»): camelCase fields, ISO `YYYY-MM-DD`
 * dates. Country codes are ISO 3166-1 alpha-2 strings here (the server accepts the officially assigned ones).
 */
export type Sex = 'male' | 'female';
export type DisplacementStatus = 'none' | 'internal' | 'external';
export type ContactStatus = 'in_contact' | 'lost' | 'restored';
export type EducationForm =
  'day' | 'evening' | 'part_time' | 'distance' | 'network' | 'externship' | 'family' | 'patronage' | 'dual';
/** ISO 639-1 (639-3 for crh, gag) codes of the languages of instruction. */
export type InstructionLanguage =
  | 'uk'
  | 'crh'
  | 'en'
  | 'de'
  | 'fr'
  | 'es'
  | 'it'
  | 'pt'
  | 'pl'
  | 'hu'
  | 'ro'
  | 'bg'
  | 'sk'
  | 'cs'
  | 'el'
  | 'lt'
  | 'lv'
  | 'et'
  | 'he'
  | 'yi'
  | 'gag'
  | 'be'
  | 'ru'
  | 'hy'
  | 'ka'
  | 'az'
  | 'tr'
  | 'ar'
  | 'zh'
  | 'ja'
  | 'ko';
export type CountryCode = string;

/** Ukrainian: series `І-БК`, six-digit number. */
export interface UkrainianBirthCertificate {
  series: string;
  number: string;
  issuedCountry?: 'UA';
}

/** Issued abroad: free-form series and number, and the country. */
export interface ForeignBirthCertificate {
  series?: string;
  number: string;
  issuedCountry: CountryCode;
}

export interface PupilRecord {
  /** The platform's own id of the pupil (platforms only). */
  externalId?: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  sex: Sex;
  birthDate?: string;
  birthCertificate?: UkrainianBirthCertificate | ForeignBirthCertificate;
  /** УНЗР, `YYYYMMDD-NNNNC`. */
  unzr?: string;
  /** РНОКПП, 10 digits. */
  rnokpp?: string;
  citizenship?: CountryCode;
  residence?: { katottg?: string; address?: string };
  displacement?: {
    status: DisplacementStatus;
    since?: string;
    /** KATOTTH code of the hromada (or settlement) the pupil was displaced from. */
    originKatottg?: string;
    country?: CountryCode;
    /** Number of the IDP certificate (довідка ВПО). */
    idpCertificate?: string;
  };
  contact?: { status: ContactStatus; lostSince?: string; note?: string };
  educationForm?: EducationForm;
  specialNeeds?: boolean;
  instructionLanguage?: InstructionLanguage;
  enrollment?: {
    schoolEdrpou: string;
    /** e.g. `2025-2026`. */
    schoolYear: string;
    grade: number;
    /** e.g. `А` (class 5-А), or a number for a numbered class. */
    classLetter?: string;
    entryDate?: string;
    orderNumber?: string;
  };
}

/** One finding of the validation catalogue: a stable rule code, the JSON Pointer of the field, a Ukrainian message. */
export interface Issue {
  code: string;
  path: string;
  message: string;
}

export interface ValidationResult {
  /** Block saving. */
  errors: Issue[];
  /** Saved with the record and listed for review. */
  warnings: Issue[];
}

export interface PupilSummary {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string;
  birthDate: string | null;
  grade: number;
  classLetter: string;
  schoolId: string;
  displacementStatus: string;
  contactStatus: string;
  /** Number of errors and warnings of the stored record. */
  errors: number;
  warnings: number;
  qualityCodes: string[];
  version: number;
}

export interface SchoolClass {
  grade: number;
  classLetter: string;
  /** e.g. `5-А`. */
  label: string;
  pupils: number;
  withErrors: number;
  withWarnings: number;
  /** Percent of pupils with neither errors nor warnings. */
  qualityScore: number;
}

export interface SchoolRef {
  id: string;
  name: string;
  edrpou: string | null;
}

export interface SchoolClasses {
  /** The current school year, e.g. `2025-2026`. */
  schoolYear: string;
  school: SchoolRef;
  items: SchoolClass[];
}

export interface Enrolment {
  id: string;
  school: SchoolRef;
  schoolYear: string;
  grade: number;
  classLetter: string;
  entryDate: string;
  /** e.g. `enrolment`, `class_change`. */
  entryBasis: string;
  orderNumber: string | null;
  exitDate: string | null;
  exitReason: string | null;
  destination: { schoolId: string | null; schoolName: string | null; country: string | null } | null;
  note: string | null;
  source: string;
}

export interface DisplacementEntry {
  status: string;
  since: string | null;
  origin: { code: string; name: string } | null;
  country: string | null;
  idpCertificate: string | null;
  recordedAt: string;
  source: string;
}

export interface ContactEntry {
  status: string;
  since: string | null;
  note: string | null;
  recordedAt: string;
  source: string;
}

export interface PupilEvent {
  id: number;
  at: string;
  /** e.g. `created`, `updated`, `key_changed`, `exited`. */
  kind: string;
  /** `portal`, `import` or `platform:…`. */
  source: string;
  /** Name (or login) of the user who made the change. */
  actor: string | null;
  /** Field names and values that describe the change (never identifiers). */
  changes: Record<string, unknown>;
}

export interface PupilCard {
  id: string;
  version: number;
  record: PupilRecord;
  school: SchoolRef | null;
  /** Has an open enrolment spell. */
  enrolled: boolean;
  source: string;
  createdAt: string;
  updatedAt: string;
  /** The record checked against the catalogue now. */
  quality: ValidationResult;
  history: {
    enrolments: Enrolment[];
    displacement: DisplacementEntry[];
    contact: ContactEntry[];
    events: PupilEvent[];
  };
}

export interface SavedPupil {
  id: string;
  version: number;
  warnings: Issue[];
}

export type ExitReason = 'transfer' | 'abroad' | 'vocational' | 'completed' | 'deceased' | 'other';

export interface PupilExit {
  date: string;
  reason: ExitReason;
  /** ЄДРПОУ of the destination school, when it is in the registry. */
  destinationEdrpou?: string;
  /** Required for `abroad`. */
  destinationCountry?: CountryCode;
  note?: string;
}

export interface PupilSearchParams {
  /** Name: typo- and transliteration-tolerant. */
  q?: string;
  birthDate?: string;
  /** Birth certificate (`І-БК 123456`), УНЗР or РНОКПП: exact. */
  identifier?: string;
  schoolId?: string;
  /** 1–100, default 30. */
  limit?: number;
}

export interface QualityIndicator {
  /** 1–4: the indicators of the MON letter of 27.06.2023. */
  number: number;
  name: string;
  /** Pupils failing it. */
  failing: number;
}

export interface QualityRule {
  code: string;
  severity: 'error' | 'warning' | (string & {});
  /** The rule's Ukrainian message. */
  message: string;
  indicator: number | null;
  /** Pupils with an issue of this rule. */
  pupils: number;
}

export interface SchoolQuality {
  pupils: number;
  /** Pupils with neither errors nor warnings. */
  clean: number;
  /** Percent of clean pupils. */
  score: number;
  indicators: QualityIndicator[];
  rules: QualityRule[];
  classes: SchoolClass[];
  /** The pupils failing the rule asked for with `code` (empty without it). */
  list: PupilSummary[];
}

export interface ValidationCatalogue {
  rules: Record<string, unknown>;
  indicators: Record<string, unknown>;
}

/** The holder of a record that a new one would duplicate (409 `DUPLICATE_PERSON`). */
export interface DuplicateHolder {
  holder: { schoolId: string; name: string | null; edrpou: string | null } | null;
  personId: string | null;
  match: string | null;
}

/** The warnings a refused record also had (422 `PUPIL_INVALID` carries them beside `errors`). */
export function warningsOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError)) return [];
  const warnings = error.problem?.warnings;
  return Array.isArray(warnings) ? warnings.filter(isIssue) : [];
}

/** Who already holds the pupil, from a 409 `DUPLICATE_PERSON` answer; null for any other error. */
export function duplicateOf(error: unknown): DuplicateHolder | null {
  if (!(error instanceof ApiError) || error.code !== 'DUPLICATE_PERSON') return null;
  const p = error.problem ?? {};
  const h = p.holder as Partial<NonNullable<DuplicateHolder['holder']>> | null | undefined;
  return {
    holder:
      h && typeof h.schoolId === 'string'
        ? { schoolId: h.schoolId, name: typeof h.name === 'string' ? h.name : null, edrpou: h.edrpou ?? null }
        : null,
    personId: typeof p.personId === 'string' ? p.personId : null,
    match: typeof p.match === 'string' ? p.match : null,
  };
}

function isIssue(value: unknown): value is Issue {
  const v = value as Partial<Issue> | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.path === 'string';
}

/** Checking a record against the validation catalogue without saving it. */
export function validationResource(http: HttpClient) {
  return {
    pupil: (record: unknown, call: CallOptions = {}) =>
      http.post<ValidationResult>('/api/v1/validation/pupil', { body: record, signal: call.signal }),

    /** Every rule with its code, path, severity, messages and source; the four MON indicators. */
    rules: (call: CallOptions = {}) =>
      http.get<ValidationCatalogue>('/api/v1/validation/rules', { signal: call.signal }),
  };
}

/** Pupil records: cards, search, creation, changes (If-Match) and exits. */
export function pupilsResource(http: HttpClient) {
  return {
    search: (params: PupilSearchParams, call: CallOptions = {}) =>
      http
        .get<{ items: PupilSummary[] }>('/api/v1/pupils/search', { query: { ...params }, signal: call.signal })
        .then((r) => r.items),

    /** The card with its ETag (for {@link update}). */
    get: async (id: string, call: CallOptions = {}): Promise<Tagged<PupilCard>> => {
      const answer = await http.send<PupilCard>('GET', path`/api/v1/pupils/${id}`, { signal: call.signal });
      return { data: answer.data, etag: answer.headers.get('etag') ?? etagOfVersion(answer.data.version) };
    },

    /**
     * 422 `PUPIL_INVALID` (field `errors`, and {@link warningsOf}); 409 `DUPLICATE_PERSON` when the child is already
     * in the registry ({@link duplicateOf}).
     */
    create: (record: PupilRecord, call: CallOptions = {}) =>
      http.post<SavedPupil>('/api/v1/pupils', { body: record, signal: call.signal }),

    /** Replaces the record; 412 `PRECONDITION_FAILED` when someone changed it since `ifMatch` was read. */
    update: (id: string, record: PupilRecord, options: { ifMatch: string }, call: CallOptions = {}) =>
      http.put<SavedPupil>(path`/api/v1/pupils/${id}`, {
        body: record,
        headers: { 'if-match': options.ifMatch },
        signal: call.signal,
      }),

    /** Closes the open enrolment spell with the date, reason and destination. */
    exit: (id: string, exit: PupilExit, call: CallOptions = {}) =>
      http.post<void>(path`/api/v1/pupils/${id}/exit`, { body: exit, signal: call.signal }),
  };
}

/** A school's classes, class lists and data-quality panel (current school year). */
export function schoolsResource(http: HttpClient) {
  return {
    classes: (schoolId: string, call: CallOptions = {}) =>
      http.get<SchoolClasses>(path`/api/v1/schools/${schoolId}/classes`, { signal: call.signal }),

    pupils: (schoolId: string, params: { grade?: number; classLetter?: string } = {}, call: CallOptions = {}) =>
      http
        .get<{ items: PupilSummary[] }>(path`/api/v1/schools/${schoolId}/pupils`, {
          query: { grade: params.grade, class: params.classLetter },
          signal: call.signal,
        })
        .then((r) => r.items),

    /** With `code`, `list` holds the pupils failing that rule. */
    quality: (schoolId: string, params: { code?: string } = {}, call: CallOptions = {}) =>
      http.get<SchoolQuality>(path`/api/v1/schools/${schoolId}/quality`, {
        query: { code: params.code },
        signal: call.signal,
      }),
  };
}

export type ValidationResource = ReturnType<typeof validationResource>;
export type PupilsResource = ReturnType<typeof pupilsResource>;
export type SchoolsResource = ReturnType<typeof schoolsResource>;
