/**
 * Forming first-grade classes (1-А, 1-Б, …) from the children enrolled for a school year.
 *
 * The rule, stated once so that schools, the portal and the tests agree:
 * 1. The number of classes is the smallest that keeps every class within the maximum size:
 *    ⌈children ÷ maximum⌉ (one class when there are no more children than the maximum).
 * 2. Sizes are balanced: they differ by at most one, the larger classes first (31 children, maximum 24 → 16 + 15).
 * 3. Children are taken in alphabetical order of last name, first name and patronymic (Ukrainian alphabet; ties by
 *    record id, so the result never depends on the order the records came in). Then either
 *    - `alphabetical`: the list is cut into consecutive runs — 1-А gets the first names of the alphabet; or
 *    - `sex_balance`: boys, then girls, are dealt in turn to 1-А, 1-Б, … (the girls continue where the boys
 *      stopped), so every class has the same number of boys and of girls give or take one.
 * 4. Letters follow the Ukrainian alphabet without Ґ, Ї, Й and Ь, which schools do not use for class names.
 *
 * The maximum defaults to the law's limit for the primary level (class-size.ts).
 */
import { maxClassSize } from './class-size';

export const FORMATION_METHODS = ['alphabetical', 'sex_balance'] as const;
export type FormationMethod = (typeof FORMATION_METHODS)[number];

/** Class letters in the order classes are formed. */
export const CLASS_LETTERS = [...'АБВГДЕЄЖЗИІКЛМНОПРСТУФХЦЧШЩЮЯ'] as const;

export interface FormationPupil {
  id: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  sex: 'male' | 'female';
}

export interface FormedClass {
  classLetter: string;
  /** Ids of the children of the class, in alphabetical order. */
  pupils: string[];
  boys: number;
  girls: number;
}

export interface FormationOptions {
  method: FormationMethod;
  /** The largest class allowed (default: the legal limit for grade 1 in `schoolYearStart`). */
  maxSize?: number;
  /** Needed for the default maximum. */
  schoolYearStart: number;
}

const collator = new Intl.Collator('uk', { sensitivity: 'base', ignorePunctuation: true });

/** Alphabetical order of children (Ukrainian collation), ties by id. */
export function compareByName(a: FormationPupil, b: FormationPupil): number {
  return (
    collator.compare(a.lastName, b.lastName) ||
    collator.compare(a.firstName, b.firstName) ||
    collator.compare(a.middleName ?? '', b.middleName ?? '') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** How many classes, and their sizes, for a number of children. */
export function classSizes(children: number, maxSize: number): number[] {
  if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`not a class size: ${maxSize}`);
  if (children <= 0) return [];
  const classes = Math.ceil(children / maxSize);
  if (classes > CLASS_LETTERS.length) throw new RangeError(`more than ${CLASS_LETTERS.length} classes`);
  const base = Math.floor(children / classes);
  const larger = children - base * classes;
  return Array.from({ length: classes }, (_, i) => base + (i < larger ? 1 : 0));
}

/**
 * Splits the children of a grade into classes by the rule above.
 *
 * @example formClasses(children, { method: 'sex_balance', schoolYearStart: 2025 })
 */
export function formClasses(children: readonly FormationPupil[], options: FormationOptions): FormedClass[] {
  const maxSize = options.maxSize ?? maxClassSize(1, options.schoolYearStart);
  const sorted = [...children].sort(compareByName);
  const sizes = classSizes(sorted.length, maxSize);
  const groups: FormationPupil[][] = sizes.map(() => []);
  if (options.method === 'alphabetical') {
    let at = 0;
    sizes.forEach((size, i) => {
      groups[i] = sorted.slice(at, at + size);
      at += size;
    });
  } else {
    // Dealing in turn fills the classes to sizes that differ by at most one, the first classes first — exactly the
    // sizes above — and spreads each sex as evenly.
    const dealt = [...sorted.filter((c) => c.sex === 'male'), ...sorted.filter((c) => c.sex !== 'male')];
    dealt.forEach((child, i) => groups[i % sizes.length]!.push(child));
  }
  return groups.map((g, i) => {
    const pupils = [...g].sort(compareByName);
    const boys = pupils.filter((c) => c.sex === 'male').length;
    return { classLetter: CLASS_LETTERS[i]!, pupils: pupils.map((c) => c.id), boys, girls: pupils.length - boys };
  });
}
