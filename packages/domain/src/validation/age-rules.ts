/**
 * The birth date against the grade (DOMAIN.md § 4) and the day/month swap — the commonest error in the birth date,
 * which the MON letter of 27.06.2023 asks schools to check with particular care (indicator 2).
 */
import { parseRnokpp } from '../identifiers/rnokpp';
import { parseUnzr } from '../identifiers/unzr';
import { swapDayMonth } from '../iso-date';
import { ageOnFirstSeptember, assessAgeForGrade, type AgeForGrade } from '../school-age';
import { textAt, type Fields } from './fields';
import { issueOf, type Issue } from './issue';
import type { RecordFacts } from './record-facts';

/** Birth dates encoded in the record's identifiers, where the identifier is well-formed. */
function encodedBirthDates(record: Fields): string[] {
  const unzr = parseUnzr(textAt(record, 'unzr'));
  const rnokpp = parseRnokpp(textAt(record, 'rnokpp'));
  return [unzr.birthDate, rnokpp.checkDigitOk ? rnokpp.birthDate : null].filter((d): d is string => d !== null);
}

/**
 * The age on 1 September must suit the grade: outside the usual band a warning, beyond the limits an error
 * (`GRADE_AGE_RULE`). The day and month look swapped when the date is implausible for the grade and the swapped date
 * is a plausible one, or when the УНЗР or the РНОКПП encode the swapped date.
 */
export function ageIssues(record: Fields, facts: RecordFacts): Issue[] {
  const { birthDate, grade, schoolYearStart, today } = facts;
  if (birthDate === null) return [];
  const out: Issue[] = [];
  const inFuture = birthDate > today;
  let assessment: AgeForGrade | null = null;
  if (grade !== null && !inFuture) {
    const age = ageOnFirstSeptember(birthDate, schoolYearStart);
    assessment = assessAgeForGrade(age, grade);
    if (assessment !== 'usual') {
      const code = assessment === 'unusual' ? 'BIRTH_DATE_AGE_UNUSUAL' : 'BIRTH_DATE_AGE_IMPOSSIBLE';
      out.push(issueOf(code, undefined, { age, grade }));
    }
  }
  const swapped = swapDayMonth(birthDate);
  if (swapped !== null && swapped <= today) {
    const swappedFits =
      grade !== null &&
      assessment !== 'usual' &&
      assessAgeForGrade(ageOnFirstSeptember(swapped, schoolYearStart), grade) === 'usual';
    if (swappedFits || encodedBirthDates(record).includes(swapped)) {
      out.push(issueOf('BIRTH_DATE_DAY_MONTH_SWAP', undefined, { suggested: swapped }));
    }
  }
  return out;
}
