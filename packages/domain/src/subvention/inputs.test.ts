import { describe, expect, it } from 'vitest';
import { budgetInputs, monthsBefore, schoolLines } from './inputs';
import { mergePatch, type SubventionParameters } from './parameters';
import type { PupilCell } from './snapshot';
import {
  HAND,
  cell,
  classes,
  handParameters,
  handSnapshot,
  place,
  randomSnapshot,
  school,
  seededRandom,
} from './testing';

describe('monthsBefore', () => {
  it.each([
    ['2026-09-01', 2025, 12],
    ['2026-09-01', 2026, 8],
    ['2026-09-01', 2027, 0],
    ['2026-09-15', 2026, 9],
    ['2026-01-01', 2026, 0],
  ])('a rule from %s keeps %i: %i months', (from, year, months) => {
    expect(monthsBefore(from, year)).toBe(months);
  });
});

describe('school lines', () => {
  const params = handParameters();
  const withSchool = (
    s: ReturnType<typeof school>,
    pupils: number,
    level: 'primary' | 'basic' | 'profile' = 'basic',
  ) => {
    const snap = handSnapshot();
    return schoolLines(
      { ...snap, schools: [s], cells: [cell(s.id, level, pupils)], classes: [classes(s.id, level, 2)] },
      params,
    );
  };
  const at = place(HAND.villageA, 'C', HAND.A);

  it('applies the school-size thresholds by grade span, and exempts primary and special schools', () => {
    expect(
      withSchool(school('x', { location: at, gradeMin: 1, gradeMax: 12 }), 59).lines[0]!.smallSchool?.minPupils,
    ).toBe(60);
    expect(
      withSchool(school('x', { location: at, gradeMin: 1, gradeMax: 11 }), 54).lines[0]!.smallSchool?.minPupils,
    ).toBe(55);
    expect(
      withSchool(school('x', { location: at, gradeMin: 5, gradeMax: 11 }), 44).lines[0]!.smallSchool?.minPupils,
    ).toBe(45);
    expect(withSchool(school('x', { location: at, gradeMin: 1, gradeMax: 11 }), 55).lines[0]!.smallSchool).toBeNull();
    expect(withSchool(school('x', { location: at, gradeMin: 5, gradeMax: 9 }), 10).lines[0]!.smallSchool).toBeNull();
    expect(
      withSchool(school('x', { location: at, schoolType: 'primary', gradeMax: 9 }), 10).lines[0]!.smallSchool,
    ).toBeNull();
    expect(
      withSchool(school('x', { location: at, gradeMin: 1, gradeMax: 4 }), 10, 'primary').lines[0]!.smallSchool,
    ).toBeNull();
    const special = withSchool(school('x', { location: at, schoolType: 'special', founder: null }), 10);
    expect(special.lines[0]!.smallSchool).toBeNull();
    // Before the rule's year it does not apply; after it, small schools count for no month.
    const early = mergePatch(params, { budgetYear: 2025 }) as SubventionParameters;
    const late = mergePatch(params, { budgetYear: 2027 }) as SubventionParameters;
    const s = school('x', { location: at, gradeMin: 1, gradeMax: 9 });
    const snap = { ...handSnapshot(), schools: [s], cells: [cell('x', 'basic', 10)], classes: [] };
    expect(schoolLines(snap, early).lines[0]!.keptMonths).toBe(12);
    expect(schoolLines(snap, late).lines[0]!.keptMonths).toBe(0);
  });

  it('takes the grade span from the levels taught when the school does not record it', () => {
    const s = school('x', { location: at, gradeMin: null, gradeMax: null });
    const snap = {
      ...handSnapshot(),
      schools: [s],
      cells: [cell('x', 'primary', 10), cell('x', 'profile', 5)],
      classes: [],
    };
    expect(schoolLines(snap, params).lines[0]!.smallSchool).toMatchObject({ span: '1–11', minPupils: 55 });
    const basic = { ...snap, cells: [cell('x', 'basic', 10)] };
    expect(schoolLines(basic, params).lines[0]!.smallSchool).toBeNull();
  });

  it('tells rural from urban by the codifier category, and by the record where the school sits at hromada level', () => {
    const lines = (p: ReturnType<typeof place>, settlementType: string | null) =>
      withSchool(school('x', { location: p, settlementType }), 100).lines[0]!.rural;
    expect(lines(place(HAND.villageA, 'C', HAND.A), null)).toBe(true);
    expect(lines(place(HAND.townC, 'M', HAND.C), 'rural')).toBe(false);
    expect(lines(place(HAND.townC, 'X', HAND.C), null)).toBe(false);
    expect(lines(place(HAND.A, 'H', HAND.A), 'rural')).toBe(true);
    expect(lines(place(HAND.A, 'H', HAND.A), null)).toBe(false);
  });

  it('ignores classes of schools whose pupils are not group I, and cells of unknown schools', () => {
    const s = school('e', { location: at, schoolType: 'evening' });
    const snap = {
      ...handSnapshot(),
      schools: [s],
      cells: [cell('e', 'basic', 30), cell('ghost', 'basic', 5), cell('e', 'basic', 0)],
      classes: [classes('e', 'basic', 3), classes('ghost', 'basic', 1)],
    };
    const { lines } = schoolLines(snap, params);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.groups.III.basic).toBe(30);
    expect(lines[0]!.classes.basic).toBe(0);
  });

  it('leaves out schools without pupils, and does not list excluded schools without pupils', () => {
    const snap = {
      ...handSnapshot(),
      schools: [school('x', { location: at }), school('y', { status: 'closed' })],
      cells: [],
      classes: [],
    };
    expect(schoolLines(snap, params)).toEqual({ lines: [], excluded: [] });
  });
});

describe('budget inputs', () => {
  it('names budgets and oblasts from the codifier, and orders budgets by code', () => {
    const set = budgetInputs(handSnapshot(), handParameters());
    expect(set.budgets.map((b) => [b.name, b.kind, b.oblastName])).toEqual([
      ['Альфівська', 'hromada', 'Київська'],
      ['Гаммівська', 'hromada', 'Київська'],
      ['Київська', 'oblast', 'Київська'],
      ['Київ', 'city', 'Київ'],
    ]);
    const c = set.budgets[1]!;
    expect(c.totals.groups.I).toEqual({ primary: 60, basic: 70, profile: 10 });
    expect(c.weighted.groups.I).toEqual({ primary: 640n, basic: 760n, profile: 120n });
    expect(c.weighted.classes).toEqual({ primary: 56n, basic: 64n, profile: 12n });
  });

  it('falls back to the code when a budget is not in the codifier', () => {
    const snap = { ...handSnapshot(), territories: new Map() };
    const set = budgetInputs(snap, handParameters());
    expect(set.budgets[0]).toMatchObject({ name: HAND.A, kind: 'hromada', territory: null });
    expect(set.budgets.find((b) => b.code === 'UA32000000000030281')!.kind).toBe('oblast');
  });
});

describe('budget inputs reused across scenarios of one snapshot', () => {
  // A fresh copy of the snapshot shares nothing with the memo: what it yields is what the reused lines must yield.
  const fresh = (s: ReturnType<typeof randomSnapshot>) => ({ ...s, schools: [...s.schools], cells: [...s.cells] });

  it('gives the same inputs as a fresh computation whatever the parameters change', () => {
    const snap = randomSnapshot(seededRandom(7), 40);
    const base = handParameters();
    const variants: SubventionParameters[] = [
      base,
      mergePatch(base, { classSize: { cityNorm: { value: '27' } } }) as SubventionParameters,
      mergePatch(base, { adjustments: { minorityLanguages: { value: [] } } }) as SubventionParameters,
      mergePatch(base, { minimumSchoolSize: { value: { effectiveFrom: '2026-01-01' } } }) as SubventionParameters,
      mergePatch(base, { budgets: { privateSchools: { value: 'hromada' } } }) as SubventionParameters,
      mergePatch(base, { budgetYear: 2027 }) as SubventionParameters,
      base,
    ];
    for (const p of variants) expect(budgetInputs(snap, p)).toEqual(budgetInputs(fresh(snap), p));
  });

  it('follows a snapshot whose cells grew in place', () => {
    const snap = randomSnapshot(seededRandom(8), 5);
    const params = handParameters();
    const first = budgetInputs(snap, params);
    const counted = first.budgets[0]!.lines[0]!.school.id;
    const before = first.budgets.reduce((a, b) => a + b.pupils, 0);
    (snap.cells as PupilCell[]).push(cell(counted, 'primary', 11));
    const after = budgetInputs(snap, params).budgets.reduce((a, b) => a + b.pupils, 0);
    expect(after - before).toBe(11);
  });
});
