/**
 * Rules of the enrolment spell: school, school year, grade, class and entry date (DOMAIN.md § 4; Порядок
 * зарахування, відрахування та переведення учнів, наказ МОН № 367 від 16.04.2018).
 */
import { isClassLetter } from '../class-letter';
import { isValidEdrpou } from '../identifiers/edrpou';
import { isRealDate } from '../iso-date';
import { parseSchoolYearLabel } from '../school-year';
import { fieldsAt, has, textAt, type Fields } from './fields';
import { issueOf, type Issue } from './issue';
import type { RecordFacts } from './record-facts';

export function enrollmentIssues(record: Fields, facts: RecordFacts): Issue[] {
  const enrollment = fieldsAt(record, 'enrollment');
  if (!enrollment) return [];
  const out: Issue[] = [];

  const edrpou = textAt(enrollment, 'schoolEdrpou');
  if (!has(enrollment, 'schoolEdrpou')) out.push(issueOf('ENROLLMENT_SCHOOL_REQUIRED'));
  else if (edrpou !== undefined && !isValidEdrpou(edrpou)) out.push(issueOf('ENROLLMENT_SCHOOL_EDRPOU_INVALID'));

  const label = textAt(enrollment, 'schoolYear');
  const year = label === undefined ? null : parseSchoolYearLabel(label);
  if (!has(enrollment, 'schoolYear')) out.push(issueOf('ENROLLMENT_SCHOOL_YEAR_REQUIRED'));
  else if (label !== undefined && year === null) out.push(issueOf('ENROLLMENT_SCHOOL_YEAR_FORMAT'));
  // The next school year is allowed: first graders are enrolled, and rollover prepared, before 1 September.
  else if (year !== null && year.id > facts.currentSchoolYearStart + 1)
    out.push(issueOf('ENROLLMENT_SCHOOL_YEAR_IN_FUTURE'));

  const grade = enrollment.grade;
  const { min, max } = facts.grades;
  if (!has(enrollment, 'grade')) out.push(issueOf('ENROLLMENT_GRADE_REQUIRED'));
  else if (typeof grade === 'number' && !(Number.isInteger(grade) && grade >= min && grade <= max)) {
    out.push(issueOf('ENROLLMENT_GRADE_RANGE', undefined, { min, max }));
  }

  const letter = textAt(enrollment, 'classLetter');
  if (letter !== undefined && !isClassLetter(letter)) out.push(issueOf('ENROLLMENT_CLASS_LETTER_FORMAT'));

  const entry = textAt(enrollment, 'entryDate');
  if (entry !== undefined) {
    // An entry date may lie before the school year (the pupil joined the school earlier), never after its end.
    if (!isRealDate(entry)) out.push(issueOf('ENROLLMENT_ENTRY_DATE_INVALID'));
    else if (year !== null && entry > year.endsOn) out.push(issueOf('ENROLLMENT_ENTRY_DATE_AFTER_SCHOOL_YEAR'));
    else if (facts.birthDate !== null && entry < facts.birthDate)
      out.push(issueOf('ENROLLMENT_ENTRY_DATE_BEFORE_BIRTH'));
    // Orders enrolling first graders are issued before 1 September, so a date ahead is only a warning.
    else if (entry > facts.today) out.push(issueOf('ENROLLMENT_ENTRY_DATE_IN_FUTURE'));
  }
  return out;
}
