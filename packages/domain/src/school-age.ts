/**
 * How old a pupil of a grade usually is on 1 September. Primary education starts, as a rule, at six; a child who is
 * seven at the start of the school year must start it that year (Закон «Про освіту», ст. 12 ч. 4). So grade 1 is
 * usually 6–7 on 1 September and grade g is usually g + 5 … g + 6.
 *
 * Outside that band the age is *unusual* (a warning: repeating a grade, a late start, a pupil who lost years to the
 * war) up to a limit, and *impossible* beyond it (an error: almost always a typing error in the date or the grade).
 * The limits are a judgement, not a rule of law, and live here as data so that they are cheap to change.
 */
import { ageOn } from './school-year';

export const GRADE_AGE_RULE = {
  /** The usual age on 1 September is grade + 5 … grade + 6. */
  usualOffset: { from: 5, to: 6 },
  /**
   * Grade 1: a five-year-old on 1 September is unusual but happens; a younger child is not admitted (the sanitary
   * rules advised against admitting children younger than 5 years 8 months: постанова Головного державного
   * санітарного лікаря № 20 від 29.07.2009, п. 1.4).
   */
  youngestFirstGrader: 5,
  /** Later grades: up to two years younger than usual (an early start and a skipped grade). */
  youngerTolerance: 2,
  /** Any grade: up to five years older than usual. */
  olderTolerance: 5,
} as const;

export type AgeForGrade = 'usual' | 'unusual' | 'impossible';

/** Age in full years on 1 September of the school year that starts in `schoolYearStart`. */
export function ageOnFirstSeptember(birthDate: string, schoolYearStart: number): number {
  return ageOn(birthDate, `${schoolYearStart}-09-01`);
}

/**
 * @example assessAgeForGrade(6, 1) // 'usual'; assessAgeForGrade(5, 1) // 'unusual'; assessAgeForGrade(4, 1) // 'impossible'
 */
export function assessAgeForGrade(age: number, grade: number): AgeForGrade {
  const from = grade + GRADE_AGE_RULE.usualOffset.from;
  const to = grade + GRADE_AGE_RULE.usualOffset.to;
  if (age >= from && age <= to) return 'usual';
  const youngest = grade === 1 ? GRADE_AGE_RULE.youngestFirstGrader : from - GRADE_AGE_RULE.youngerTolerance;
  const oldest = to + GRADE_AGE_RULE.olderTolerance;
  return age >= youngest && age <= oldest ? 'unusual' : 'impossible';
}
