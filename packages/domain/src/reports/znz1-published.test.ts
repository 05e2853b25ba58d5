import { describe, expect, it } from 'vitest';
import { aggregateZnz1, sumCells, type ContingentFact, type MovementFact } from './znz1-aggregate';
import { FORM_EDUCATION_FORMS } from './znz1-form';
import { formConstraints, isPupilMeasure, publishCells } from './znz1-published';
import { constraintsHold, derivableCells } from './testing/verify-suppression';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A school of about `size` pupils in grades 1–11, two classes a grade, with the usual rare attributes. */
function school(seed: number, size: number) {
  const next = rng(seed);
  const contingent: ContingentFact[] = [];
  for (let i = 0; i < size; i++) {
    const grade = 1 + Math.floor(next() * 11);
    const x = next();
    contingent.push({
      grade,
      classLetter: next() < 0.5 ? 'А' : 'Б',
      sex: next() < 0.49 ? 'female' : 'male',
      birthYear: 2025 - grade - 6 + (next() < 0.1 ? 1 : 0),
      educationForm: x < 0.93 ? 'day' : FORM_EDUCATION_FORMS[Math.floor(next() * FORM_EDUCATION_FORMS.length)]!,
      instructionLanguage: next() < 0.97 ? 'uk' : 'pl',
      specialNeeds: next() < 0.03,
      displacement: next() < 0.05 ? 'internal' : next() < 0.03 ? 'external' : 'none',
      originRegion: next() < 0.5 ? 'UA14000000000091971' : 'UA44000000000018893',
      country: next() < 0.5 ? 'PL' : 'DE',
      contact: next() < 0.02 ? 'lost' : 'in_contact',
      hasErrors: next() < 0.02,
      hasWarnings: next() < 0.1,
      count: 1,
    });
  }
  for (const f of contingent) {
    if (f.displacement !== 'internal') f.originRegion = null;
    if (f.displacement !== 'external') f.country = null;
  }
  const movement: MovementFact[] = [
    { kind: 'arrival', grade: 3, reason: null, count: 2 },
    { kind: 'exit', grade: 7, reason: 'abroad', count: 1 },
    { kind: 'yearEnd', grade: 4, reason: 'promoted', count: 30 },
  ];
  return aggregateZnz1({
    schoolYear: 2025,
    school: { schoolType: 'gymnasium', settlementType: 'rural', ownership: 'communal', status: 'operating' },
    contingent,
    movement,
    entered: { '8.1.1': 1, '8.1.2': 12 },
  }).values;
}

/** Every cell of the published problem with its true value (the complements included). */
function problem(values: Record<string, number>) {
  const { constraints, complements, pupilCells } = formConstraints(2025, values);
  const all = new Map<string, number>();
  for (const id of pupilCells) all.set(id, values[id] ?? 0);
  for (const [id, n] of complements) all.set(id, n);
  return { all, constraints, complements };
}

describe('publishCells', () => {
  it('states true relations: every constraint holds on real data', () => {
    const values = school(7, 300);
    const { all, constraints } = problem(values);
    expect(constraints.length).toBeGreaterThan(200);
    expect(constraintsHold(all, constraints)).toBe(true);
  });

  it('hides every pupil count below 5 and nothing it hides can be worked out (school of 300)', () => {
    const values = school(11, 300);
    const t0 = performance.now();
    const published = publishCells(values, 2025);
    const ms = performance.now() - t0;
    for (const [id, n] of Object.entries(values)) {
      const pupils = /^[1-9]\./.test(id)
        ? !/^1\.\d+\.[14]$/.test(id) && !/^[89]\.\d+\.1$/.test(id)
        : isPupilMeasure(id);
      if (pupils && n > 0 && n < 5) expect(published.values[id], id).toBeNull();
    }
    // Counts of classes are never hidden.
    expect(published.values['1.16.1']).toBe(values['1.16.1']);
    expect(published.hidden.length).toBeGreaterThan(0);
    const { all, constraints, complements } = problem(values);
    const unknown = new Set([...published.hidden, ...complements.keys()]);
    const targets = [...published.hidden, ...[...complements].filter(([, n]) => n > 0 && n < 5).map(([id]) => id)];
    expect(derivableCells({ values: all, constraints, unknown }, targets)).toEqual([]);
    expect(ms).toBeLessThan(2000);
  });

  it('a roll-up of many schools publishes its large numbers', () => {
    const rollup = sumCells(Array.from({ length: 40 }, (_, i) => school(100 + i, 250)));
    const published = publishCells(rollup, 2025);
    expect(published.values['1.16.2']).toBe(rollup['1.16.2']);
    expect(published.values['1.5.2']).toBe(rollup['1.5.2']);
    expect(published.values['x.pupils']).toBe(rollup['x.pupils']);
    const { all, constraints, complements } = problem(rollup);
    const unknown = new Set([...published.hidden, ...complements.keys()]);
    expect(derivableCells({ values: all, constraints, unknown }, published.hidden)).toEqual([]);
  });

  it('joins extra published cells: tiles that sum to the national total', () => {
    const values = school(5, 400);
    const extra = {
      values: new Map([
        ['tile.a.pupils', values['x.pupils']! - 3],
        ['tile.b.pupils', 3],
      ]),
      constraints: [{ total: 'x.pupils', parts: ['tile.a.pupils', 'tile.b.pupils'] }],
    };
    const published = publishCells(values, 2025, extra);
    expect(published.values['tile.b.pupils']).toBeNull();
    // tile a or the total must go too, or tile b = total − tile a.
    expect(published.values['tile.a.pupils'] === null || published.values['x.pupils'] === null).toBe(true);
  });
});
