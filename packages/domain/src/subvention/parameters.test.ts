import { describe, expect, it } from 'vitest';
import { KNOWN_CLASS_SIZE_TABLE } from './class-size-table';
import {
  applyScenario,
  checkParameters,
  defaultParameters,
  defaultParametersName,
  diffParameters,
  mergePatch,
  parameterEntries,
  PARAMETER_LABELS,
  unverifiedPaths,
  type SubventionParameters,
} from './parameters';

describe('the default parameter set', () => {
  const p = defaultParameters(2026);

  it('is a valid set for its year', () => {
    expect(checkParameters(p)).toEqual([]);
    expect(p.budgetYear).toBe(2026);
    expect(defaultParametersName(2026)).toMatch(/2026.*демонстраційний/);
  });

  it('marks as verified only what the design note verified: the class-size table and the school-size rule', () => {
    const verified = parameterEntries(p)
      .filter((e) => e.verified)
      .map((e) => e.path);
    expect(verified).toEqual(['/classSize/table', '/minimumSchoolSize']);
    expect(p.classSize.table.value).toEqual(KNOWN_CLASS_SIZE_TABLE);
    expect(p.classSize.table.source).toMatch(/1088/);
  });

  it('leaves the source of the group weights and adjustments empty, as not known', () => {
    for (const path of ['/groups/I', '/groups/VI', '/adjustments/specialNeeds', '/adjustments/mountain'])
      expect(parameterEntries(p).find((e) => e.path === path)).toMatchObject({ source: '', verified: false });
    expect(p.adjustments.mountainSettlements.value).toEqual([]);
    expect(unverifiedPaths(p)).toContain('/total');
  });

  it('names every value in Ukrainian', () => {
    for (const e of parameterEntries(p)) expect(PARAMETER_LABELS[e.path], e.path).toBeDefined();
  });

  it('says which year the total comes from', () => {
    expect(defaultParameters(2024).total.note).toMatch(/Округлене/);
    expect(p.total.note).toMatch(/2026/);
  });
});

describe('checkParameters', () => {
  const base = defaultParameters(2026);
  const with_ = (patch: unknown) => mergePatch(base, patch);

  it('reports the shape first', () => {
    expect(checkParameters({})[0]!.message).toMatch(/схемі/);
    expect(checkParameters(with_({ groups: { I: { value: '-1' } } }))[0]!.path).toBe('/groups/I/value');
    expect(checkParameters(with_({ extra: 1 })).length).toBeGreaterThan(0);
  });

  it('then the rules the schema cannot state', () => {
    const issues = checkParameters(
      with_({
        groups: Object.fromEntries(['I', 'II', 'III', 'IV', 'V', 'VI'].map((g) => [g, { value: '0' }])),
        levels: { basic: { value: '0' } },
        classSize: {
          cityNorm: { value: '0' },
          table: { value: { ...KNOWN_CLASS_SIZE_TABLE, values: KNOWN_CLASS_SIZE_TABLE.values.slice(1) } },
          cityBudgets: { value: { specialStatusCities: true, codes: [], urbanHromadas: { maxRualSharePct: '1' } } },
        },
      }),
    );
    expect(issues[0]!.message).toMatch(/схемі/);
    const semantic = checkParameters(
      with_({
        total: { value: '9999999999999999' },
        groups: Object.fromEntries(['I', 'II', 'III', 'IV', 'V', 'VI'].map((g) => [g, { value: '0' }])),
        levels: { basic: { value: '0' } },
        classSize: {
          cityNorm: { value: '0' },
          table: { value: { ...KNOWN_CLASS_SIZE_TABLE, values: KNOWN_CLASS_SIZE_TABLE.values.slice(1) } },
          cityBudgets: {
            value: { specialStatusCities: true, codes: [], urbanHromadas: { maxRuralSharePct: '101', minPupils: 1 } },
          },
        },
        density: { areasKm2: { value: { UA32000000000030281: '0' } } },
        minimumSchoolSize: {
          value: {
            effectiveFrom: '2026-02-30',
            thresholds: [{ gradeFrom: 9, gradeTo: 1, minPupils: 5 }],
            exemptSchoolTypes: [],
          },
        },
      }),
    );
    expect(semantic.map((i) => i.path)).toEqual([
      '/total/value',
      '/groups',
      '/levels/basic/value',
      '/classSize/cityNorm/value',
      '/density/areasKm2/value/UA32000000000030281',
      '/classSize/table/value',
      '/minimumSchoolSize/value/effectiveFrom',
      '/minimumSchoolSize/value/thresholds/0',
      '/classSize/cityBudgets/value/urbanHromadas/maxRuralSharePct',
    ]);
  });
});

describe('merge patches and scenarios', () => {
  it('merges objects, replaces arrays and scalars, removes with null', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: [1, 2] } }, { b: { d: [3], e: null }, f: 'x' })).toEqual({
      a: 1,
      b: { c: 2, d: [3] },
      f: 'x',
    });
    expect(mergePatch({ a: 1 }, { a: null })).toEqual({});
    expect(mergePatch('x', { a: 1 })).toEqual({ a: 1 });
    expect(mergePatch({ a: 1 }, [1])).toEqual([1]);
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target.a.b).toBe(1);
  });

  it('marks a value the scenario changes as its own and unverified', () => {
    const base = defaultParameters(2026);
    const next = applyScenario(
      base,
      {
        classSize: {
          table: {
            value: { ...KNOWN_CLASS_SIZE_TABLE, values: KNOWN_CLASS_SIZE_TABLE.values.map((r) => r.map(() => '20')) },
          },
        },
      },
      'Норматив 20',
    ) as SubventionParameters;
    expect(next.classSize.table).toMatchObject({ source: 'сценарій «Норматив 20»', verified: false });
    expect(next.classSize.table.note).toBeUndefined();
    expect(next.minimumSchoolSize.verified).toBe(true);
    expect(diffParameters(base, next).map((c) => c.path)).toEqual(['/classSize/table']);
  });

  it('keeps the source and flag a change states for itself', () => {
    const base = defaultParameters(2026);
    const next = applyScenario(
      base,
      { total: { value: '1', source: 'Закон про бюджет', verified: true } },
      'x',
    ) as SubventionParameters;
    expect(next.total).toMatchObject({ value: '1', source: 'Закон про бюджет', verified: true });
  });

  it('returns an invalid merge as it is, for the caller to report', () => {
    const merged = applyScenario(defaultParameters(2026), { groups: { I: { value: 'many' } } }, 'x');
    expect(checkParameters(merged)[0]!.path).toBe('/groups/I/value');
  });
});
