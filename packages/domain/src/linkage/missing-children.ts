/**
 * Rules of the list of potentially missing children and of its cases.
 *
 * Local authorities keep count of the children of school age living on their territory and see that each of them is
 * in education (Порядок ведення обліку дітей дошкільного, шкільного віку та учнів, постанова КМУ № 684 від
 * 13.09.2017); full general secondary education is compulsory and begins, as a rule, at six (Закон «Про освіту»,
 * ст. 12, 20). A child of school age found in a state registry but enrolled nowhere, not deceased and not known to
 * have left the country is potentially missing (DOMAIN.md § 7); the case goes to the ОУО of the child's residence.
 */

/** School age: 6 to 17 full years on 1 September of the school year. */
export const SCHOOL_AGE = { from: 6, to: 17 } as const;

/** The birth dates of children of school age in the school year starting in `startYear` (both ends included). */
export function schoolAgeBirthWindow(startYear: number): { bornFrom: string; bornTo: string } {
  // Aged `to` on 1 September: born after 1 September (Y − to − 1); aged `from`: born on or before 1 September (Y − from).
  return { bornFrom: `${startYear - SCHOOL_AGE.to - 1}-09-02`, bornTo: `${startYear - SCHOOL_AGE.from}-09-01` };
}

/** Whether a child born on `birthDate` is of school age in the school year starting in `startYear`. */
export function isSchoolAge(birthDate: string | null, startYear: number): boolean {
  if (!birthDate) return false;
  const { bornFrom, bornTo } = schoolAgeBirthWindow(startYear);
  return birthDate >= bornFrom && birthDate <= bornTo;
}

export const CASE_REASONS = ['not_enrolled', 'lost_contact', 'in_transit', 'sought_match'] as const;
export type CaseReason = (typeof CASE_REASONS)[number];

export const CASE_REASON_LABELS: Readonly<Record<CaseReason, { uk: string; en: string }>> = {
  not_enrolled: {
    uk: 'Дитина шкільного віку з демографічного реєстру не навчається в жодному закладі',
    en: 'A child of school age in the demographic register is not enrolled anywhere',
  },
  lost_contact: {
    uk: 'Втрачено звʼязок з учнем або його законними представниками',
    en: 'Contact with the pupil or their representatives is lost',
  },
  in_transit: {
    uk: 'Учень вибув із закладу й не зарахований до іншого',
    en: 'The pupil left a school and is not enrolled in another',
  },
  sought_match: {
    uk: 'Збіг зі списком розшукуваних дітей (зниклі безвісти, депортовані)',
    en: 'Matches the list of children sought (missing, deported)',
  },
};

export const CASE_STATUSES = [
  'new',
  'in_work',
  'found_enrolled',
  'abroad',
  'deceased',
  'not_found',
  'escalated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, { uk: string; en: string }>> = {
  new: { uk: 'Нова', en: 'New' },
  in_work: { uk: 'В роботі', en: 'In work' },
  found_enrolled: { uk: 'Знайдено: навчається', en: 'Found enrolled' },
  abroad: { uk: 'Перебуває за кордоном', en: 'Abroad' },
  deceased: { uk: 'Померла', en: 'Deceased' },
  not_found: { uk: 'Не знайдено', en: 'Not found' },
  escalated: { uk: 'Передано службі у справах дітей і поліції', en: 'Escalated' },
};

/** A case is open while someone has to act on it; `not_found` waits for escalation. */
export const OPEN_CASE_STATUSES: ReadonlySet<CaseStatus> = new Set(['new', 'in_work', 'not_found']);

const CASE_WORKER_MOVES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['in_work', 'found_enrolled', 'abroad', 'deceased', 'not_found'],
  in_work: ['found_enrolled', 'abroad', 'deceased', 'not_found'],
  not_found: ['escalated', 'in_work'],
  found_enrolled: [],
  abroad: [],
  deceased: [],
  escalated: [],
};

/** Outcomes that need a note saying how it was established (where the child studies, the document seen). */
const NEEDS_NOTE: ReadonlySet<CaseStatus> = new Set(['found_enrolled', 'abroad', 'deceased', 'not_found', 'escalated']);

export type CaseActorRole = 'ministry_verifier' | 'ouo_admin' | 'ouo_specialist';

export type CaseMoveRefusal = 'CASE_STATUS_UNKNOWN' | 'CASE_TRANSITION_INVALID' | 'CASE_NOTE_REQUIRED';

/**
 * Whether a case may move from one status to another: the ОУО's case workers work a case through to an outcome and
 * escalate a child not found; only the ministry's verification officer reopens a closed case.
 *
 * @example caseMove('ouo_specialist', 'in_work', 'found_enrolled', 'Навчається в ліцеї № 3') // null (allowed)
 */
export function caseMove(
  role: CaseActorRole,
  from: CaseStatus,
  to: string,
  note: string | null | undefined,
): CaseMoveRefusal | null {
  if (!(CASE_STATUSES as readonly string[]).includes(to)) return 'CASE_STATUS_UNKNOWN';
  const target = to as CaseStatus;
  const allowed =
    CASE_WORKER_MOVES[from].includes(target) ||
    (role === 'ministry_verifier' && target === 'in_work' && from !== 'new' && from !== 'in_work');
  if (!allowed || from === target) return 'CASE_TRANSITION_INVALID';
  if (NEEDS_NOTE.has(target) && !(note && note.trim().length >= 3)) return 'CASE_NOTE_REQUIRED';
  return null;
}
