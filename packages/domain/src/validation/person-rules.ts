/**
 * Rules of the person: names, sex, birth date (MON indicator 2), citizenship and residence (DOMAIN.md § 3).
 */
import { isCountryCode } from '../countries';
import { isRealDate } from '../iso-date';
import { isUkrainianName, patronymicSex } from '../names';
import { isKatottg } from '../territory';
import { fieldsAt, has, textAt, type Fields } from './fields';
import { issueOf, type Issue } from './issue';
import type { RecordFacts } from './record-facts';
import type { RuleCode } from './rules';

const NAME_FIELDS: ReadonlyArray<{
  key: string;
  required: RuleCode | null;
  digits: RuleCode;
  characters: RuleCode;
}> = [
  { key: 'lastName', required: 'LAST_NAME_REQUIRED', digits: 'LAST_NAME_DIGITS', characters: 'LAST_NAME_CHARACTERS' },
  {
    key: 'firstName',
    required: 'FIRST_NAME_REQUIRED',
    digits: 'FIRST_NAME_DIGITS',
    characters: 'FIRST_NAME_CHARACTERS',
  },
  // The patronymic is optional: «по батькові, якщо інше не випливає із закону або звичаю національної меншини» (ЦК, ст. 28).
  { key: 'middleName', required: null, digits: 'MIDDLE_NAME_DIGITS', characters: 'MIDDLE_NAME_CHARACTERS' },
];

/** Last name and first name are required; every name part is written in Ukrainian letters, without digits. */
export function nameIssues(record: Fields, facts: RecordFacts): Issue[] {
  const out: Issue[] = [];
  for (const field of NAME_FIELDS) {
    if (!has(record, field.key)) {
      if (field.required) out.push(issueOf(field.required));
      continue;
    }
    const value = textAt(record, field.key);
    if (value === undefined) continue;
    if (/\p{Nd}/u.test(value)) out.push(issueOf(field.digits));
    else if (!isUkrainianName(value)) out.push(issueOf(field.characters));
  }
  const middleName = textAt(record, 'middleName');
  const suggested = middleName === undefined ? null : patronymicSex(middleName);
  if (facts.sex !== null && suggested !== null && suggested !== facts.sex)
    out.push(issueOf('MIDDLE_NAME_SEX_MISMATCH'));
  return out;
}

export function sexIssues(record: Fields): Issue[] {
  return has(record, 'sex') ? [] : [issueOf('SEX_REQUIRED')];
}

/** MON indicator 2: the birth date is recorded, real and not in the future. */
export function birthDateIssues(record: Fields, facts: RecordFacts): Issue[] {
  if (!has(record, 'birthDate')) return [issueOf('BIRTH_DATE_MISSING')];
  const value = textAt(record, 'birthDate');
  if (value === undefined) return [];
  if (!isRealDate(value)) return [issueOf('BIRTH_DATE_INVALID')];
  return value > facts.today ? [issueOf('BIRTH_DATE_IN_FUTURE')] : [];
}

export function citizenshipIssues(record: Fields): Issue[] {
  const value = textAt(record, 'citizenship');
  return value !== undefined && !isCountryCode(value) ? [issueOf('CITIZENSHIP_INVALID')] : [];
}

/** The residence code is a KATOTTH code, and one the codifier has when the codifier is at hand. */
export function residenceIssues(record: Fields, facts: RecordFacts): Issue[] {
  const residence = fieldsAt(record, 'residence');
  const code = residence && textAt(residence, 'katottg');
  if (code === undefined) return [];
  if (!isKatottg(code)) return [issueOf('RESIDENCE_KATOTTG_FORMAT')];
  return facts.territories && !facts.territories.get(code) ? [issueOf('RESIDENCE_KATOTTG_UNKNOWN')] : [];
}
