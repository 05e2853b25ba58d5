/**
 * Pupil groups and levels of the subvention formula, as the registry can tell them from a pupil's school and form of
 * education.
 *
 * The formula distinguishes six groups of pupils [V] (постанова КМУ № 1088 від 27.12.2017; group I: day general
 * schools, gymnasiums, lyceums, collegiums, specialised schools, boarding schools of those kinds, sports colleges,
 * sanatorium boarding schools and similar). What groups II–VI are, in the registry's terms, is inferred [I]: the
 * mapping below is this program's reading, to be confirmed against the decree; the weights of the groups are
 * parameters (see parameters.ts), not code.
 */
import type { EducationForm } from '../exchange-record';

export const GROUP_IDS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
export type GroupId = (typeof GROUP_IDS)[number];

export const GROUP_LABELS: Readonly<Record<GroupId, string>> = {
  I: 'денна форма в закладах загальної середньої освіти (школи, гімназії, ліцеї, НВК, інтернати, санаторні школи)',
  II: 'спеціальні школи та навчально-реабілітаційні центри',
  III: 'вечірня форма навчання, вечірні школи',
  IV: 'заочна форма навчання',
  V: 'екстернат',
  VI: 'сімейна (домашня) форма, педагогічний патронаж',
};

/** School types of the registry whose pupils form group II (спеціальні заклади освіти). */
export const SPECIAL_SCHOOL_TYPES: readonly string[] = ['special', 'rehabilitation'];

/**
 * Forms of education in which pupils learn in classes (group I): the classes of these pupils give the actual class
 * size that the formula compares with the normative one.
 */
export const CLASS_FORMS: readonly EducationForm[] = ['day', 'distance', 'network', 'dual'];

/**
 * The group of a pupil, from the school type and the form of education.
 *
 * @example groupOf('lyceum', 'day') // 'I'
 * @example groupOf('special', 'family') // 'II' — a special school's pupils are group II whatever their form
 */
export function groupOf(schoolType: string | null, educationForm: string): GroupId {
  if (schoolType !== null && SPECIAL_SCHOOL_TYPES.includes(schoolType)) return 'II';
  switch (educationForm) {
    case 'evening':
      return 'III';
    case 'part_time':
      return 'IV';
    case 'externship':
      return 'V';
    case 'family':
    case 'patronage':
      return 'VI';
    default:
      return schoolType === 'evening' ? 'III' : 'I';
  }
}

/** Levels of complete general secondary education (Закон «Про повну загальну середню освіту», ст. 11). */
export const LEVELS = ['primary', 'basic', 'profile'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  primary: 'початкова освіта (1–4 класи)',
  basic: 'базова середня освіта (5–9 класи)',
  profile: 'профільна середня освіта (10–12 класи)',
};

/** The level of a grade: 1–4 primary, 5–9 basic, 10–12 profile. */
export function levelOfGrade(grade: number): Level {
  return grade <= 4 ? 'primary' : grade <= 9 ? 'basic' : 'profile';
}
