import { describe, expect, it } from 'vitest';
import { EDUCATION_FORMS, INSTRUCTION_LANGUAGES } from '../exchange-record';
import {
  aggregateZnz1,
  contingentCells,
  drillDownCell,
  inclusiveClasses,
  movementCells,
  sumCells,
  type ContingentFact,
  type SchoolProfile,
} from './znz1-aggregate';
import { checkZnz1, sumMismatches } from './znz1-checks';
import {
  FORM_EDUCATION_FORMS,
  FORM_LANGUAGES,
  birthYearRow,
  cellInfo,
  formCells,
  isEnterable,
  znz1Form,
} from './znz1-form';

const lyceum: SchoolProfile = {
  schoolType: 'lyceum',
  settlementType: 'urban',
  ownership: 'communal',
  status: 'operating',
};

const pupil = (o: Partial<ContingentFact>): ContingentFact => ({
  grade: 5,
  classLetter: 'А',
  sex: 'male',
  birthYear: 2014,
  educationForm: 'day',
  instructionLanguage: 'uk',
  specialNeeds: false,
  displacement: 'none',
  originRegion: null,
  country: null,
  contact: 'in_contact',
  hasErrors: false,
  hasWarnings: false,
  count: 1,
  ...o,
});

describe('the form', () => {
  it('has a row for every language of instruction and every form of education of the exchange record', () => {
    expect([...FORM_LANGUAGES].sort()).toEqual(Object.keys(INSTRUCTION_LANGUAGES).sort());
    expect([...FORM_EDUCATION_FORMS].sort()).toEqual(Object.keys(EDUCATION_FORMS).sort());
  });

  it('names cells section.row.col with unique ids; row 1.1 col 1 is the classes of grade 1', () => {
    const ids = formCells(2025).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const info = cellInfo('1.1.1', 2025)!;
    expect(info.row.uk).toBe('1 клас');
    expect(info.col.uk).toBe('класів');
    expect(cellInfo('1.16.2', 2025)!.row.uk).toBe('усього');
    expect(cellInfo('99.1.1', 2025)).toBeNull();
    expect(cellInfo('x.pupils', 2025)).toBeNull();
  });

  it('places birth years relative to the school year', () => {
    expect(birthYearRow(2007, 2025)).toBe(2); // Y − 18
    expect(birthYearRow(2019, 2025)).toBe(14); // Y − 6
    expect(birthYearRow(2006, 2025)).toBe(1); // Y − 19 and earlier
    expect(birthYearRow(1990, 2025)).toBe(1);
    expect(birthYearRow(2020, 2025)).toBe(15); // Y − 5 and later
    expect(birthYearRow(null, 2025)).toBe(16);
    expect(znz1Form(2025).find((s) => s.n === 4)!.rows[1]!.uk).toBe('2007 р. народження');
    expect(znz1Form(2026).find((s) => s.n === 4)!.rows[1]!.uk).toBe('2008 р. народження');
  });

  it('lets the school enter second-shift and extended-day cells but not their totals or record cells', () => {
    expect(isEnterable('8.1.1', 2025)).toBe(true);
    expect(isEnterable('8.3.2', 2025)).toBe(true);
    expect(isEnterable('9.1.1', 2025)).toBe(true);
    expect(isEnterable('8.4.1', 2025)).toBe(false);
    expect(isEnterable('1.1.1', 2025)).toBe(false);
    expect(isEnterable('8.9.1', 2025)).toBe(false);
  });
});

describe('aggregateZnz1', () => {
  // Grade 1-А: a boy and a girl with special needs (an inclusive class); 1-Б: two girls; 5-А: a boy born 2013,
  // family education, Hungarian, displaced internally from Donetsk oblast, lost contact, record with errors.
  const facts: ContingentFact[] = [
    pupil({ grade: 1, classLetter: 'А', birthYear: 2018 }),
    pupil({ grade: 1, classLetter: 'А', sex: 'female', birthYear: 2019, specialNeeds: true, hasWarnings: true }),
    pupil({ grade: 1, classLetter: 'Б', sex: 'female', birthYear: 2018, count: 2 }),
    pupil({
      grade: 5,
      birthYear: 2013,
      educationForm: 'family',
      instructionLanguage: 'hu',
      displacement: 'internal',
      originRegion: 'UA14000000000091971',
      contact: 'lost',
      hasErrors: true,
    }),
    pupil({ grade: 10, classLetter: 'А', sex: 'female', birthYear: 2009, displacement: 'external', country: 'PL' }),
  ];
  const result = aggregateZnz1({
    schoolYear: 2025,
    school: lyceum,
    contingent: facts,
    movement: [
      { kind: 'arrival', grade: 5, reason: 'transfer', count: 2 },
      { kind: 'arrival', grade: 5, reason: 'class_change', count: 4 },
      { kind: 'exit', grade: 5, reason: 'transfer', count: 1 },
      { kind: 'exit', grade: 10, reason: 'abroad', count: 1 },
      { kind: 'exit', grade: 1, reason: 'class_change', count: 3 },
      { kind: 'yearEnd', grade: 4, reason: 'promoted', count: 20 },
      { kind: 'yearEnd', grade: 11, reason: 'graduated', count: 15 },
      { kind: 'yearEnd', grade: 2, reason: 'repeated', count: 1 },
    ],
    entered: { '8.2.1': 2, '8.2.2': 41, '9.1.1': 1, '9.1.2': 3, '1.1.1': 99 },
  });
  const v = (id: string) => result.values[id] ?? 0;

  it('counts classes and pupils by grade, girls and inclusive classes', () => {
    expect(v('1.1.1')).toBe(2);
    expect(v('1.1.2')).toBe(4);
    expect(v('1.1.3')).toBe(3);
    expect(v('1.1.4')).toBe(1);
    expect(v('1.1.5')).toBe(2);
    expect(v('1.1.6')).toBe(1);
    expect(v('1.5.2')).toBe(1);
    expect(v('1.13.2')).toBe(4);
    expect(v('1.14.2')).toBe(1);
    expect(v('1.15.2')).toBe(1);
    expect(v('1.16.1')).toBe(4);
    expect(v('1.16.2')).toBe(6);
    expect(v('1.16.3')).toBe(4);
  });

  it('counts languages, forms, birth years, special needs', () => {
    expect(v('2.1.1')).toBe(5); // Ukrainian
    expect(v(`2.${FORM_LANGUAGES.indexOf('hu') + 1}.3`)).toBe(1);
    expect(v('2.33.1')).toBe(6);
    expect(v('3.1.1')).toBe(5);
    expect(v('3.7.1')).toBe(1); // family
    expect(v('3.10.2')).toBe(4);
    expect(v('4.13.1')).toBe(3); // 2018 = Y − 7 → row 13
    expect(v('4.13.3')).toBe(3); // … in grade 1
    expect(v('4.14.2')).toBe(1); // 2019, a girl
    expect(v('4.17.1')).toBe(6);
    expect(v('7.1.1')).toBe(1);
    expect(v('7.1.3')).toBe(1);
    expect(v('7.4.2')).toBe(1);
    expect(v('7.4.5')).toBe(0);
  });

  it('counts movement and the results of the previous year, ignoring class changes', () => {
    expect(v('5.5.1')).toBe(2);
    expect(v('5.5.2')).toBe(1);
    expect(v('5.5.3')).toBe(1);
    expect(v('5.10.4')).toBe(1);
    expect(v('5.13.2')).toBe(2);
    expect(v('5.1.2')).toBe(0);
    expect(v('6.4.1')).toBe(20);
    expect(v('6.11.2')).toBe(15);
    expect(v('6.2.3')).toBe(1);
    expect(v('6.13.4')).toBe(36);
  });

  it('takes entered cells, sums section 8, and refuses to let entry overwrite record cells', () => {
    expect(v('8.2.1')).toBe(2);
    expect(v('8.4.2')).toBe(41);
    expect(v('9.1.2')).toBe(3);
    expect(v('1.1.1')).toBe(2);
    expect(result.entered).toEqual(['8.2.1', '8.2.2', '8.4.1', '8.4.2', '9.1.1', '9.1.2']);
  });

  it('keeps dashboard measures', () => {
    expect(v('x.pupils')).toBe(6);
    expect(v('x.pupils.urban')).toBe(6);
    expect(v('x.disp.internal.UA14000000000091971')).toBe(1);
    expect(v('x.disp.external.PL')).toBe(1);
    expect(v('x.disp.none')).toBe(4);
    expect(v('x.contact.lost.5')).toBe(1);
    expect(v('x.quality.errors')).toBe(1);
    expect(v('x.quality.warnings')).toBe(1);
    expect(v('x.quality.clean')).toBe(4);
    expect(v('x.schools')).toBe(1);
    expect(v('x.schools.withErrors')).toBe(1);
  });

  it('adds up and passes its checks when the registry agrees, flagging the blocking errors', () => {
    expect(sumMismatches(result.values, 2025)).toEqual([]);
    const checks = checkZnz1(
      result.values,
      { pupils: 6, classes: 4, blockingErrors: 1 },
      {
        schoolYear: 2025,
        entered: result.entered,
      },
    );
    const failing = checks.filter((c) => !c.ok).map((c) => c.code);
    expect(failing).toEqual(['BLOCKING_ERRORS', 'ENTERED_WITHIN_RECORDS', 'ENTERED_FILLED']);
    const wrong = checkZnz1(
      result.values,
      { pupils: 7, classes: 4, blockingErrors: 0 },
      {
        schoolYear: 2025,
        entered: result.entered,
      },
    );
    expect(wrong.find((c) => c.code === 'TOTAL_EQUALS_REGISTRY')).toMatchObject({ ok: false, expected: 7, actual: 6 });
  });

  it('a special school has no inclusive classes: its pupils with special needs count in special schools', () => {
    const special = { ...lyceum, schoolType: 'special' };
    const r = aggregateZnz1({ schoolYear: 2025, school: special, contingent: facts, movement: [], entered: {} });
    expect(inclusiveClasses(facts, special).size).toBe(0);
    expect(r.values['1.16.4']).toBeUndefined();
    expect(r.values['7.4.5']).toBe(1);
    expect(r.values['7.4.3']).toBeUndefined();
    expect(sumMismatches(r.values, 2025)).toEqual([]);
  });

  it('sums schools for a roll-up', () => {
    const twice = sumCells([result.values, result.values]);
    expect(twice['1.16.2']).toBe(12);
    expect(twice['x.schools']).toBe(2);
  });

  it('drill-down: the pupils behind a number are those whose cells include it', () => {
    const ctx = { schoolYear: 2025, inclusive: false, specialSchool: false, settlementType: 'urban' };
    expect(contingentCells(pupil({ grade: 7 }), ctx)).toContain('1.7.2');
    expect(contingentCells(pupil({ grade: 7 }), ctx)).not.toContain('1.7.3');
    expect(movementCells({ kind: 'exit', grade: 3, reason: 'vocational' })).toEqual([
      '5.3.2',
      '5.3.5',
      '5.13.2',
      '5.13.5',
    ]);
    expect(movementCells({ kind: 'exit', grade: 3, reason: 'promoted' })).toEqual([]);
    expect(drillDownCell('1.5.1')).toBe('1.5.2');
    expect(drillDownCell('1.16.4')).toBe('1.16.5');
    expect(drillDownCell('3.2.1')).toBe('3.2.1');
  });

  it('refuses a form of education the form does not know', () => {
    expect(() =>
      aggregateZnz1({
        schoolYear: 2025,
        school: lyceum,
        contingent: [pupil({ educationForm: 'homeschool' })],
        movement: [],
        entered: {},
      }),
    ).toThrow(/form of education/);
  });
});
