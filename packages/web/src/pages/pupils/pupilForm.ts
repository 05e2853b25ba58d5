import type { PupilRecord } from '@aikom/sdk';

/**
 * The pupil form as the inputs hold it (all text, '' for empty) and its two-way mapping to the exchange record
 * (PupilRecord, packages/domain/src/exchange-record.ts). Fields of one status that do not apply to the chosen one are
 * not sent (a pupil who is not displaced has no origin hromada), so switching a status back and forth never leaves
 * stray data in the record.
 */
export interface PupilFormValues {
  lastName: string;
  firstName: string;
  middleName: string;
  sex: string;
  birthDate: string;
  /** `ua`: a Ukrainian certificate (series І-БК, 6 digits); `foreign`: issued abroad; `none`: not recorded. */
  certificateKind: 'ua' | 'foreign' | 'none';
  certificateSeries: string;
  certificateNumber: string;
  certificateCountry: string;
  unzr: string;
  rnokpp: string;
  citizenship: string;
  residenceKatottg: string;
  residenceAddress: string;
  displacementStatus: string;
  displacementSince: string;
  originKatottg: string;
  displacementCountry: string;
  idpCertificate: string;
  contactStatus: string;
  contactLostSince: string;
  contactNote: string;
  educationForm: string;
  specialNeeds: boolean;
  instructionLanguage: string;
  schoolEdrpou: string;
  schoolYear: string;
  grade: string;
  classLetter: string;
  entryDate: string;
  orderNumber: string;
  /** A platform's own id is kept as it was (the portal does not edit it). */
  externalId: string;
}

export type PupilField = Exclude<keyof PupilFormValues, 'externalId'>;

export function emptyPupilForm(enrolment: {
  schoolEdrpou: string;
  schoolYear: string;
  grade?: string;
  classLetter?: string;
}): PupilFormValues {
  return {
    lastName: '',
    firstName: '',
    middleName: '',
    sex: '',
    birthDate: '',
    certificateKind: 'ua',
    certificateSeries: '',
    certificateNumber: '',
    certificateCountry: '',
    unzr: '',
    rnokpp: '',
    citizenship: 'UA',
    residenceKatottg: '',
    residenceAddress: '',
    displacementStatus: 'none',
    displacementSince: '',
    originKatottg: '',
    displacementCountry: '',
    idpCertificate: '',
    contactStatus: 'in_contact',
    contactLostSince: '',
    contactNote: '',
    educationForm: 'day',
    specialNeeds: false,
    instructionLanguage: 'uk',
    schoolEdrpou: enrolment.schoolEdrpou,
    schoolYear: enrolment.schoolYear,
    grade: enrolment.grade ?? '',
    classLetter: enrolment.classLetter ?? '',
    entryDate: '',
    orderNumber: '',
    externalId: '',
  };
}

export function recordToForm(r: PupilRecord): PupilFormValues {
  const c = r.birthCertificate;
  const foreign = !!c && c.issuedCountry !== undefined && c.issuedCountry !== 'UA';
  return {
    lastName: r.lastName ?? '',
    firstName: r.firstName ?? '',
    middleName: r.middleName ?? '',
    sex: r.sex ?? '',
    birthDate: r.birthDate ?? '',
    certificateKind: !c ? 'none' : foreign ? 'foreign' : 'ua',
    certificateSeries: c?.series ?? '',
    certificateNumber: c?.number ?? '',
    certificateCountry: foreign ? (c.issuedCountry ?? '') : '',
    unzr: r.unzr ?? '',
    rnokpp: r.rnokpp ?? '',
    citizenship: r.citizenship ?? '',
    residenceKatottg: r.residence?.katottg ?? '',
    residenceAddress: r.residence?.address ?? '',
    displacementStatus: r.displacement?.status ?? '',
    displacementSince: r.displacement?.since ?? '',
    originKatottg: r.displacement?.originKatottg ?? '',
    displacementCountry: r.displacement?.country ?? '',
    idpCertificate: r.displacement?.idpCertificate ?? '',
    contactStatus: r.contact?.status ?? '',
    contactLostSince: r.contact?.lostSince ?? '',
    contactNote: r.contact?.note ?? '',
    educationForm: r.educationForm ?? '',
    specialNeeds: r.specialNeeds ?? false,
    instructionLanguage: r.instructionLanguage ?? '',
    schoolEdrpou: r.enrollment?.schoolEdrpou ?? '',
    schoolYear: r.enrollment?.schoolYear ?? '',
    grade: r.enrollment?.grade === undefined ? '' : String(r.enrollment.grade),
    classLetter: r.enrollment?.classLetter ?? '',
    entryDate: r.enrollment?.entryDate ?? '',
    orderNumber: r.enrollment?.orderNumber ?? '',
    externalId: r.externalId ?? '',
  };
}

/** Leaves out what is empty, so an empty input is "not recorded", never an empty string the schema would refuse. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

const text = (s: string) => s.trim() || undefined;

/**
 * The exchange record of the form. Values are sent as typed (trimmed): the validation catalogue normalises them
 * (look-alike Latin letters, apostrophes, case) and reports what it changed.
 */
export function formToRecord(v: PupilFormValues): PupilRecord {
  const record: Record<string, unknown> = compact({
    externalId: text(v.externalId),
    lastName: v.lastName.trim(),
    firstName: v.firstName.trim(),
    middleName: text(v.middleName),
    sex: text(v.sex),
    birthDate: text(v.birthDate),
    unzr: text(v.unzr),
    rnokpp: text(v.rnokpp),
    citizenship: text(v.citizenship),
    educationForm: text(v.educationForm),
    instructionLanguage: text(v.instructionLanguage),
  });
  if (v.certificateKind === 'ua' && (v.certificateSeries.trim() || v.certificateNumber.trim())) {
    record.birthCertificate = compact({ series: v.certificateSeries.trim(), number: v.certificateNumber.trim() });
  } else if (
    v.certificateKind === 'foreign' &&
    (v.certificateNumber.trim() || v.certificateSeries.trim() || v.certificateCountry)
  ) {
    record.birthCertificate = compact({
      series: text(v.certificateSeries),
      number: v.certificateNumber.trim(),
      issuedCountry: text(v.certificateCountry),
    });
  }
  if (v.residenceKatottg || v.residenceAddress.trim()) {
    record.residence = compact({ katottg: text(v.residenceKatottg), address: text(v.residenceAddress) });
  }
  if (v.displacementStatus) {
    const status = v.displacementStatus;
    record.displacement = compact({
      status,
      since: status !== 'none' ? text(v.displacementSince) : undefined,
      originKatottg: status === 'internal' ? text(v.originKatottg) : undefined,
      idpCertificate: status === 'internal' ? text(v.idpCertificate) : undefined,
      country: status === 'external' ? text(v.displacementCountry) : undefined,
    });
  }
  if (v.contactStatus) {
    const status = v.contactStatus;
    record.contact = compact({
      status,
      lostSince: status === 'lost' ? text(v.contactLostSince) : undefined,
      note: status !== 'in_contact' ? text(v.contactNote) : undefined,
    });
  }
  record.specialNeeds = v.specialNeeds;
  const grade = /^\d{1,2}$/.test(v.grade.trim()) ? Number(v.grade.trim()) : undefined;
  record.enrollment = compact({
    schoolEdrpou: v.schoolEdrpou.trim(),
    schoolYear: v.schoolYear.trim(),
    grade,
    classLetter: text(v.classLetter),
    entryDate: text(v.entryDate),
    orderNumber: text(v.orderNumber),
  });
  return record as unknown as PupilRecord;
}

/**
 * Where a finding about a JSON Pointer of the record is shown in the form. A group's pointer (`/birthCertificate`)
 * goes to the group's first field; a pointer the form has no field for (`/externalId`, or `''` for the whole record)
 * is null: it is shown in the summary above the form.
 */
const POINTER_FIELDS: Readonly<Record<string, PupilField>> = {
  '/lastName': 'lastName',
  '/firstName': 'firstName',
  '/middleName': 'middleName',
  '/sex': 'sex',
  '/birthDate': 'birthDate',
  '/birthCertificate': 'certificateKind',
  '/birthCertificate/series': 'certificateSeries',
  '/birthCertificate/number': 'certificateNumber',
  '/birthCertificate/issuedCountry': 'certificateCountry',
  '/unzr': 'unzr',
  '/rnokpp': 'rnokpp',
  '/citizenship': 'citizenship',
  '/residence': 'residenceKatottg',
  '/residence/katottg': 'residenceKatottg',
  '/residence/address': 'residenceAddress',
  '/displacement': 'displacementStatus',
  '/displacement/status': 'displacementStatus',
  '/displacement/since': 'displacementSince',
  '/displacement/originKatottg': 'originKatottg',
  '/displacement/country': 'displacementCountry',
  '/displacement/idpCertificate': 'idpCertificate',
  '/contact': 'contactStatus',
  '/contact/status': 'contactStatus',
  '/contact/lostSince': 'contactLostSince',
  '/contact/note': 'contactNote',
  '/educationForm': 'educationForm',
  '/specialNeeds': 'specialNeeds',
  '/instructionLanguage': 'instructionLanguage',
  '/enrollment': 'grade',
  '/enrollment/schoolEdrpou': 'schoolEdrpou',
  '/enrollment/schoolYear': 'schoolYear',
  '/enrollment/grade': 'grade',
  '/enrollment/classLetter': 'classLetter',
  '/enrollment/entryDate': 'entryDate',
  '/enrollment/orderNumber': 'orderNumber',
};

export function fieldOfPointer(pointer: string): PupilField | null {
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const field = POINTER_FIELDS[p];
    if (field) return field;
  }
  return null;
}

export interface PlacedIssue {
  code: string;
  path: string;
  message: string;
}

/** Issues grouped by the field that shows them; `form` holds those without a field. */
export function issuesByField<T extends PlacedIssue>(
  issues: readonly T[],
): { fields: Partial<Record<PupilField, T[]>>; form: T[] } {
  const fields: Partial<Record<PupilField, T[]>> = {};
  const form: T[] = [];
  for (const issue of issues) {
    const field = fieldOfPointer(issue.path);
    if (field) (fields[field] ??= []).push(issue);
    else form.push(issue);
  }
  return { fields, form };
}

/** Which fields a value change touches: an edited field's findings (from the browser or the server) are stale. */
export function changedFields(before: PupilFormValues, after: PupilFormValues): PupilField[] {
  return (Object.keys(after) as Array<keyof PupilFormValues>).filter(
    (k): k is PupilField => k !== 'externalId' && before[k] !== after[k],
  );
}
