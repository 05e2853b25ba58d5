/**
 * Leaving a school, and which exits feed the in-transit pool (DOMAIN.md § 4).
 *
 * Exit reasons are those of Порядок зарахування, відрахування та переведення учнів (наказ МОН № 367 від
 * 16.04.2018, зі змінами): transfer to another school in Ukraine, leaving the country, vocational education,
 * completed education, death, other; plus the three that only the year-end transition records (promoted, repeated,
 * graduated) and a change of class within the school.
 *
 * A pupil who left and is enrolled nowhere N school days later is *in transit* until a school enrols them or the case
 * is closed with a reason (compare England's Lost Pupils Database and the duty to identify children missing
 * education). Only exits after which the child must still be at school somewhere in Ukraine count: a transfer, an
 * unexplained exit (`other`), and finishing a school that ends before complete general secondary education (a
 * primary school after grade 4, a gymnasium after grade 9), which is compulsory (Конституція України, ст. 53).
 * Leaving the country, vocational education, completed education and death do not.
 *
 * The pool itself is computed in SQL over the spells (migration 0006, `aikom_transit_pool`); this module states the
 * same rule for the browser and for the tests of that SQL.
 */
import { LEVEL_GRADES } from './planner';

export const EXIT_REASONS = [
  'transfer',
  'abroad',
  'vocational',
  'completed',
  'deceased',
  'other',
  'promoted',
  'repeated',
  'graduated',
  'class_change',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export const EXIT_REASON_LABELS: Readonly<Record<ExitReason, { uk: string; en: string }>> = {
  transfer: { uk: 'Переведення до іншого закладу в Україні', en: 'Transfer within Ukraine' },
  abroad: { uk: 'Вибуття за кордон', en: 'Left the country' },
  vocational: { uk: 'Вступ до закладу професійної (фахової передвищої) освіти', en: 'Vocational education' },
  completed: { uk: 'Здобуття повної загальної середньої освіти', en: 'Completed general secondary education' },
  deceased: { uk: 'Смерть', en: 'Death' },
  other: { uk: 'Інша причина', en: 'Other reason' },
  promoted: { uk: 'Переведення до наступного класу', en: 'Promoted to the next grade' },
  repeated: { uk: 'Повторне навчання', en: 'Repeats the grade' },
  graduated: { uk: 'Закінчення закладу', en: 'Graduated from the school' },
  class_change: { uk: 'Зміна класу', en: 'Change of class' },
};

/**
 * Whether an exit leaves a child who must still be enrolled somewhere, so that it can enter the in-transit pool.
 *
 * @example entersTransit('graduated', 9) // true — a gymnasium's graduate goes on to grade 10 or a college
 */
export function entersTransit(reason: ExitReason, grade: number): boolean {
  if (reason === 'transfer' || reason === 'other') return true;
  return reason === 'graduated' && grade < LEVEL_GRADES.complete;
}

/** Exit reasons that may enter the pool (the SQL filter; `graduated` only below grade 11). */
export const TRANSIT_EXIT_REASONS = ['transfer', 'other', 'graduated'] as const;

/**
 * Why an in-transit case is closed without a school of the registry enrolling the child. A closure is recorded when
 * it is made (never back-dated); the case keeps its history, and a later arrival still links the spells.
 */
export const TRANSIT_CLOSE_REASONS = [
  'abroad_confirmed',
  'vocational_confirmed',
  'enrolled_unregistered',
  'deceased',
  'duplicate_record',
  'other',
] as const;
export type TransitCloseReason = (typeof TRANSIT_CLOSE_REASONS)[number];

export const TRANSIT_CLOSE_REASON_LABELS: Readonly<Record<TransitCloseReason, { uk: string; en: string }>> = {
  abroad_confirmed: { uk: 'Підтверджено навчання або проживання за кордоном', en: 'Confirmed to be abroad' },
  vocational_confirmed: {
    uk: 'Підтверджено навчання в закладі професійної (фахової передвищої) освіти',
    en: 'Confirmed in vocational education',
  },
  enrolled_unregistered: {
    uk: 'Навчається в закладі, що не веде облік у реєстрі',
    en: 'Enrolled in an institution outside the registry',
  },
  deceased: { uk: 'Смерть (підтверджено документом)', en: 'Death (confirmed by a document)' },
  duplicate_record: { uk: 'Дубль запису: дитина навчається під іншим записом', en: 'Duplicate record' },
  other: { uk: 'Інша причина (зазначено в примітці)', en: 'Other reason (see the note)' },
};

/** A closing note is required when the reason does not speak for itself. */
export function closeNoteRequired(reason: TransitCloseReason): boolean {
  return reason === 'other' || reason === 'enrolled_unregistered';
}
