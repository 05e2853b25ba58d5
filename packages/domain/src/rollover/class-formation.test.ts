import { describe, expect, it } from 'vitest';
import { CLASS_LETTERS, classSizes, compareByName, formClasses, type FormationPupil } from './class-formation';
import { CLASS_SIZE_LIMITS, maxClassSize } from './class-size';

const child = (id: string, lastName: string, sex: 'male' | 'female', firstName = 'Оля'): FormationPupil => ({
  id,
  lastName,
  firstName,
  sex,
});

describe('maxClassSize', () => {
  it.each([
    [1, 2025, 24],
    [2, 2025, 24], // formed as a first grade in 2024
    [3, 2025, 30], // formed in 2023, before the limit of 24
    [4, 2027, 24],
    [5, 2030, 30], // basic level
    [1, 2023, 30], // before the law's limit applied
    [11, 2025, 30],
  ])('grade %i in %i → %i', (grade, year, size) => {
    expect(maxClassSize(grade, year)).toBe(size);
  });

  it('reads its limits from one table', () => {
    expect(CLASS_SIZE_LIMITS).toEqual({ primary: 24, other: 30, primaryLimitFrom: 2024 });
  });
});

describe('classSizes', () => {
  it.each([
    [0, 24, []],
    [1, 24, [1]],
    [24, 24, [24]],
    [25, 24, [13, 12]],
    [31, 24, [16, 15]],
    [48, 24, [24, 24]],
    [49, 24, [17, 16, 16]],
    [61, 30, [21, 20, 20]],
  ])('%i children, at most %i a class → %j', (n, max, sizes) => {
    expect(classSizes(n, max)).toEqual(sizes);
  });

  it('refuses a maximum that is not a positive integer, and more classes than letters', () => {
    expect(() => classSizes(10, 0)).toThrow(RangeError);
    expect(() => classSizes(10, 2.5)).toThrow(RangeError);
    expect(() => classSizes(CLASS_LETTERS.length + 1, 1)).toThrow(RangeError);
  });
});

describe('compareByName', () => {
  it('uses the Ukrainian alphabet (Є, І, Ї in their places), then first name, patronymic and id', () => {
    const names = ['Їжак', 'Іванов', 'Ярема', 'Євенко', 'Гаврилюк', 'Ґалаґан', 'Дмитренко'];
    const sorted = names.map((n, i) => child(String(i), n, 'male')).sort(compareByName);
    expect(sorted.map((c) => c.lastName)).toEqual([
      'Гаврилюк',
      'Ґалаґан',
      'Дмитренко',
      'Євенко',
      'Іванов',
      'Їжак',
      'Ярема',
    ]);
    const a = { ...child('b', 'Бойко', 'male', 'Іван'), middleName: 'Петрович' };
    const b = { ...child('a', 'Бойко', 'male', 'Іван'), middleName: 'Андрійович' };
    const c = child('c', 'Бойко', 'male', 'Антон');
    expect([a, b, c].sort(compareByName).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect([child('z', 'Бойко', 'male', 'Іван'), child('y', 'Бойко', 'male', 'Іван')].sort(compareByName)[0]!.id).toBe(
      'y',
    );
    expect(compareByName(child('y', 'Бойко', 'male'), child('y', 'Бойко', 'male'))).toBe(0);
  });
});

describe('formClasses', () => {
  // 31 children: 16 boys (surnames А…) and 15 girls, in shuffled order.
  const boys = Array.from({ length: 16 }, (_, i) => child(`m${i}`, `Бойко${String.fromCharCode(0x430 + i)}`, 'male'));
  const girls = Array.from({ length: 15 }, (_, i) => child(`f${i}`, `Вовк${String.fromCharCode(0x430 + i)}`, 'female'));
  const children = [...girls, ...boys].reverse();

  it('cuts the alphabetical list into balanced runs', () => {
    const classes = formClasses(children, { method: 'alphabetical', schoolYearStart: 2025 });
    expect(classes.map((c) => [c.classLetter, c.pupils.length, c.boys, c.girls])).toEqual([
      ['А', 16, 16, 0],
      ['Б', 15, 0, 15],
    ]);
    expect(classes[0]!.pupils).toEqual(boys.map((b) => b.id));
  });

  it('deals boys and girls in turn for a sex balance, each class in alphabetical order', () => {
    const classes = formClasses(children, { method: 'sex_balance', schoolYearStart: 2025 });
    expect(classes.map((c) => [c.classLetter, c.pupils.length, c.boys, c.girls])).toEqual([
      ['А', 16, 8, 8],
      ['Б', 15, 8, 7],
    ]);
    expect(classes[1]!.pupils.slice(0, 3)).toEqual(['m1', 'm3', 'm5']);
    // Every child is placed exactly once.
    expect(classes.flatMap((c) => c.pupils).sort()).toEqual(children.map((c) => c.id).sort());
  });

  it('does not depend on the order the records came in', () => {
    const a = formClasses(children, { method: 'sex_balance', schoolYearStart: 2025 });
    const b = formClasses([...children].reverse(), { method: 'sex_balance', schoolYearStart: 2025 });
    expect(a).toEqual(b);
  });

  it('takes a given maximum over the default one', () => {
    expect(formClasses(children, { method: 'alphabetical', schoolYearStart: 2025, maxSize: 10 }).length).toBe(4);
    expect(formClasses(children, { method: 'alphabetical', schoolYearStart: 2023 }).length).toBe(2);
    expect(formClasses(children.slice(0, 30), { method: 'alphabetical', schoolYearStart: 2023 }).length).toBe(1);
  });

  it('forms no class from nobody', () => {
    expect(formClasses([], { method: 'sex_balance', schoolYearStart: 2025 })).toEqual([]);
  });

  it('uses the Ukrainian class letters without Ґ, Ї, Й and Ь', () => {
    expect(CLASS_LETTERS.slice(0, 6)).toEqual(['А', 'Б', 'В', 'Г', 'Д', 'Е']);
    for (const l of ['Ґ', 'Ї', 'Й', 'Ь']) expect(CLASS_LETTERS).not.toContain(l);
  });
});
