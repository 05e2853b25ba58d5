import { isRealDate } from '../iso-date';
import { parseSchoolYearLabel } from '../school-year';
import { DEFAULT_GRADES, type TerritoryLookup, type ValidationContext } from './context';
import { fieldsAt, textAt, type Fields } from './fields';

/** What several rules need to know about a record, read once; null where the record does not say it validly. */
export interface RecordFacts {
  today: string;
  /** A real birth date, or null. */
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  /** The grade when it is one of the context's grades (the age of a pupil in no valid grade is not judged), or null. */
  grade: number | null;
  /** The enrolment's school year when it is valid, else the current one of the context. */
  schoolYearStart: number;
  currentSchoolYearStart: number;
  grades: { min: number; max: number };
  territories: TerritoryLookup | undefined;
}

export function recordFacts(record: Fields, context: ValidationContext): RecordFacts {
  const birthDate = textAt(record, 'birthDate');
  const sex = textAt(record, 'sex');
  const enrollment = fieldsAt(record, 'enrollment');
  const grade = enrollment?.grade;
  const year = enrollment && parseSchoolYearLabel(textAt(enrollment, 'schoolYear') ?? '');
  const grades = context.grades ?? DEFAULT_GRADES;
  const validGrade = typeof grade === 'number' && Number.isInteger(grade) && grade >= grades.min && grade <= grades.max;
  return {
    today: context.today,
    birthDate: birthDate !== undefined && isRealDate(birthDate) ? birthDate : null,
    sex: sex === 'male' || sex === 'female' ? sex : null,
    grade: validGrade ? grade : null,
    schoolYearStart: year ? year.id : context.schoolYearStart,
    currentSchoolYearStart: context.schoolYearStart,
    grades,
    territories: context.territories,
  };
}
