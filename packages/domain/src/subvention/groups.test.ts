import { describe, expect, it } from 'vitest';
import { EDUCATION_FORMS } from '../exchange-record';
import { CLASS_FORMS, GROUP_IDS, GROUP_LABELS, groupOf, LEVEL_LABELS, LEVELS, levelOfGrade } from './groups';

describe('pupil groups', () => {
  it.each([
    ['lyceum', 'day', 'I'],
    ['gymnasium', 'distance', 'I'],
    ['boarding', 'network', 'I'],
    ['sanatorium', 'dual', 'I'],
    [null, 'day', 'I'],
    ['special', 'day', 'II'],
    ['rehabilitation', 'family', 'II'],
    ['evening', 'day', 'III'],
    ['lyceum', 'evening', 'III'],
    ['lyceum', 'part_time', 'IV'],
    ['lyceum', 'externship', 'V'],
    ['lyceum', 'family', 'VI'],
    ['primary', 'patronage', 'VI'],
  ])('%s × %s → group %s', (type, form, group) => {
    expect(groupOf(type, form)).toBe(group);
  });

  it('puts every form of education somewhere and labels every group', () => {
    for (const form of Object.keys(EDUCATION_FORMS)) expect(GROUP_IDS).toContain(groupOf('lyceum', form));
    for (const g of GROUP_IDS) expect(GROUP_LABELS[g].length).toBeGreaterThan(5);
    // The class forms are exactly the forms that make a pupil of a general school group I.
    expect(Object.keys(EDUCATION_FORMS).filter((f) => groupOf('lyceum', f) === 'I')).toEqual(
      [...CLASS_FORMS].sort(
        (a, b) => Object.keys(EDUCATION_FORMS).indexOf(a) - Object.keys(EDUCATION_FORMS).indexOf(b),
      ),
    );
  });

  it('levels grades 1–4, 5–9 and 10–12', () => {
    expect([1, 4, 5, 9, 10, 12].map(levelOfGrade)).toEqual([
      'primary',
      'primary',
      'basic',
      'basic',
      'profile',
      'profile',
    ]);
    for (const l of LEVELS) expect(LEVEL_LABELS[l]).toMatch(/класи/);
  });
});
