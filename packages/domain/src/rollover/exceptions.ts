/**
 * The exceptions a school marks before the year-end transition: a pupil who stays in the same grade, or a pupil who
 * leaves the school at the end of the year instead of moving on. Everyone else moves to the next grade (class letter
 * kept) or, in the school's last grade, graduates (DOMAIN.md § 4).
 *
 * Sources: Порядок переведення учнів закладу загальної середньої освіти на наступний рік навчання (наказ МОН від
 * 14.07.2015 № 762 у редакції наказу від 08.05.2019 № 621, зі змінами): a pupil of grade 1 or 2 stays for a
 * repeated year only on the written request of a parent; in grades 3–10 the pedagogical council decides (with a
 * parent's written consent); repeating the same grade a second time is the exception. Leaving for vocational
 * education (ЗПТО, фаховий коледж) follows basic secondary education, which ends with grade 9 (Закон «Про повну
 * загальну середню освіту»: базова середня освіта — 5–9 класи).
 */
import { isClassLetter } from '../class-letter';
import { isRealDate } from '../iso-date';
import { schoolYear } from '../school-year';

export const REPEAT_BASES = ['parent_request', 'council_decision'] as const;
export type RepeatBasis = (typeof REPEAT_BASES)[number];

/** Why a pupil leaves at the end of the year (the exit reasons of Порядок 367 that a transition may record). */
export const LEAVE_REASONS = ['transfer', 'abroad', 'vocational', 'other'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export type RolloverException =
  | {
      kind: 'repeat';
      basis: RepeatBasis;
      /** The class of the same grade the pupil joins next year (default: the same letter). */
      classLetter?: string | null;
      note?: string | null;
    }
  | {
      kind: 'leave';
      reason: LeaveReason;
      /**
       * False while the school only expects the pupil to leave (the parents said so, the documents have not come):
       * an unconfirmed exit blocks the transition until it is confirmed or withdrawn.
       */
      confirmed: boolean;
      /** The receiving school of the registry (a transfer, or a lyceum after grade 9), when known. */
      destinationSchoolId?: string | null;
      destinationCountry?: string | null;
      /** The exit date, within the school year (default: its last day). */
      date?: string | null;
      note?: string | null;
    };

/** Labels of the exception kinds and reasons, for the portal and reports. */
export const EXCEPTION_LABELS = {
  repeat: { uk: 'Залишається на повторне навчання', en: 'Repeats the grade' },
  leave: { uk: 'Вибуває із закладу', en: 'Leaves the school' },
  parent_request: { uk: 'заява батьків', en: "parent's request" },
  council_decision: { uk: 'рішення педагогічної ради', en: 'pedagogical council decision' },
  transfer: { uk: 'переведення до іншого закладу в Україні', en: 'transfer within Ukraine' },
  abroad: { uk: 'вибуття за кордон', en: 'leaves the country' },
  vocational: { uk: 'вступ до закладу професійної (фахової передвищої) освіти', en: 'vocational education' },
  other: { uk: 'інша причина', en: 'other reason' },
} as const;

/** The last grade in which a pupil may be kept for a repeated year (Порядок переведення: grades 1–10). */
export const LAST_REPEATABLE_GRADE = 10;
/** Grades in which only a parent's request keeps a pupil back (Порядок переведення: grades 1 and 2). */
export const PARENT_REQUEST_GRADES = 2;
/** The first grade after which a pupil may leave for vocational education (after basic secondary education). */
export const VOCATIONAL_FROM_GRADE = 9;

export interface ExceptionIssue {
  code: string;
  /** JSON Pointer of the field of the exception. */
  path: string;
  message: string;
}

export interface ExceptionContext {
  /** The pupil's grade in the year that ends. */
  grade: number;
  /** The school's last grade: its pupils graduate. */
  gradeMax: number;
  /** The school year that ends, by its first calendar year. */
  fromYear: number;
}

/**
 * Checks an exception against the pupil's grade and the school: an empty list when it may be applied.
 *
 * @example checkException({ kind: 'repeat', basis: 'council_decision' }, { grade: 2, gradeMax: 11, fromYear: 2024 })
 *   // [{ code: 'REPEAT_PARENT_REQUEST_REQUIRED', … }]
 */
export function checkException(e: RolloverException, c: ExceptionContext): ExceptionIssue[] {
  const out: ExceptionIssue[] = [];
  if (e.kind === 'repeat') {
    if (c.grade > LAST_REPEATABLE_GRADE)
      out.push({
        code: 'REPEAT_GRADE_NOT_ALLOWED',
        path: '/kind',
        message: `Залишити на повторне навчання можна учнів 1–${LAST_REPEATABLE_GRADE} класів.`,
      });
    else if (c.grade <= PARENT_REQUEST_GRADES && e.basis !== 'parent_request')
      out.push({
        code: 'REPEAT_PARENT_REQUEST_REQUIRED',
        path: '/basis',
        message: 'Учня 1 або 2 класу залишають на повторне навчання лише за письмовою заявою одного з батьків.',
      });
    else if (c.grade > PARENT_REQUEST_GRADES && e.basis !== 'council_decision')
      out.push({
        code: 'REPEAT_COUNCIL_DECISION_REQUIRED',
        path: '/basis',
        message:
          'Учня 3–10 класу залишають на повторне навчання за рішенням педагогічної ради (за письмовою згодою одного з батьків).',
      });
    if (e.classLetter !== undefined && e.classLetter !== null && !isClassLetter(e.classLetter))
      out.push({
        code: 'REPEAT_CLASS_LETTER_FORMAT',
        path: '/classLetter',
        message: 'Літера класу — одна велика українська літера (А, Б, В…) або номер 1–99.',
      });
    return out;
  }
  if (c.grade >= c.gradeMax)
    out.push({
      code: 'LEAVE_GRADUATE',
      path: '/kind',
      message:
        'Учні випускного класу закладу вибувають після його закінчення; заклад, до якого вступає випускник, зараховує його сам.',
    });
  if (e.reason === 'vocational' && c.grade < VOCATIONAL_FROM_GRADE)
    out.push({
      code: 'LEAVE_VOCATIONAL_GRADE',
      path: '/reason',
      message:
        'До закладу професійної (фахової передвищої) освіти вступають після здобуття базової середньої освіти (9 клас).',
    });
  if (e.reason === 'abroad' && !e.destinationCountry)
    out.push({
      code: 'LEAVE_COUNTRY_REQUIRED',
      path: '/destinationCountry',
      message: 'Укажіть країну, до якої вибуває учень.',
    });
  if (e.reason !== 'abroad' && e.destinationCountry)
    out.push({
      code: 'LEAVE_COUNTRY_NOT_ABROAD',
      path: '/destinationCountry',
      message: 'Країну вказують лише для вибуття за кордон.',
    });
  if (e.reason !== 'transfer' && e.destinationSchoolId)
    out.push({
      code: 'LEAVE_SCHOOL_NOT_TRANSFER',
      path: '/destinationSchoolId',
      message: 'Заклад призначення вказують лише для переведення до іншого закладу.',
    });
  if (e.date !== undefined && e.date !== null) {
    const y = schoolYear(c.fromYear);
    if (!isRealDate(e.date) || e.date < y.startsOn || e.date > y.endsOn)
      out.push({
        code: 'LEAVE_DATE_OUTSIDE_YEAR',
        path: '/date',
        message: `Дата вибуття має бути в межах ${y.label} навчального року (${y.startsOn} – ${y.endsOn}).`,
      });
  }
  return out;
}
