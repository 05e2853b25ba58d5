import { describe, expect, it } from 'vitest';
import { compareAllocations, DELTA_SORTS, sortDeltas } from './compare';
import { allocate } from './formula';
import { mergePatch, type SubventionParameters } from './parameters';
import { redistribution } from './redistribution';
import { CITY, HAND, OBLAST, cell, classes, handParameters, handSnapshot, place, school } from './testing';

const names = new Map([
  [OBLAST, 'Київська'],
  [CITY, 'Київ'],
]);

describe('comparing a scenario with its baseline', () => {
  const base = allocate(handSnapshot(), handParameters());
  const scenarioParams = mergePatch(handParameters(), {
    classSize: { cityNorm: { value: '30' } },
  }) as SubventionParameters;
  const scenario = allocate(handSnapshot(), scenarioParams);
  const c = compareAllocations(base, scenario, names);

  it('lists every budget with its delta; the deltas sum to the change of the total', () => {
    expect(c.budgets.map((b) => b.code)).toEqual([HAND.A, HAND.C, OBLAST, CITY]);
    expect(c.budgets.reduce((s, b) => s + b.deltaKop, 0n)).toBe(0n);
    // A higher city norm makes a Kyiv pupil weigh less where its classes are smaller than the norm: Kyiv loses.
    const kyiv = c.budgets.find((b) => b.code === CITY)!;
    expect(kyiv.deltaKop < 0n).toBe(true);
    expect(kyiv).toMatchObject({
      baseNorm: '25.00',
      scenarioNorm: '30.00',
      baseWeight: '312.000000',
      scenarioWeight: '285.333333',
    });
    expect(c.summary).toMatchObject({ budgets: 4, gainers: 3, losers: 1, unchanged: 0, deltaTotalKop: 0n });
    expect(c.summary.redistributedKop).toBe(-kyiv.deltaKop);
  });

  it('gives the chart its top gainers and losers and a histogram of relative changes', () => {
    expect(c.chart.topLosers.map((b) => b.code)).toEqual([CITY]);
    expect(c.chart.topGainers).toHaveLength(3);
    expect(c.chart.topGainers[0]!.deltaKop >= c.chart.topGainers[1]!.deltaKop).toBe(true);
    expect(c.chart.histogram).toHaveLength(9);
    expect(c.chart.histogram.reduce((s, b) => s + b.budgets, 0)).toBe(4);
    expect(c.chart.histogram[0]).toMatchObject({ fromPct: null, toPct: -10, label: 'менше −10 %' });
    expect(c.chart.histogram[4]).toMatchObject({ label: 'від −0,5 % до +0,5 %' });
    expect(c.chart.histogram[8]).toMatchObject({ fromPct: 10, toPct: null, label: 'понад +10 %' });
  });

  it('fills the tile map by oblast', () => {
    expect(c.tileMap.tiles).toHaveLength(27);
    const kyivska = c.tileMap.tiles.find((t) => t.code === OBLAST)!;
    expect(kyivska).toMatchObject({ name: 'Київська', budgets: 3, losers: 0, gainers: 3 });
    expect(kyivska.deltaKop).toBe(
      c.budgets.filter((b) => b.oblastCode === OBLAST).reduce((s, b) => s + b.deltaKop, 0n),
    );
    expect(c.tileMap.tiles.find((t) => t.code === CITY)).toMatchObject({ losers: 1, budgets: 1 });
  });

  it('sorts by any column, ties by code', () => {
    for (const sort of DELTA_SORTS) {
      const asc = sortDeltas(c.budgets, sort, 'asc');
      const desc = sortDeltas(c.budgets, sort, 'desc');
      expect(asc).toHaveLength(4);
      if (sort === 'code') expect(desc.map((b) => b.code)).toEqual([CITY, OBLAST, HAND.C, HAND.A]);
    }
    expect(sortDeltas(c.budgets, 'deltaKop', 'asc')[0]!.code).toBe(CITY);
    expect(sortDeltas(c.budgets, 'deltaPct', 'asc')[0]!.code).toBe(CITY);
    expect(sortDeltas(c.budgets, 'name', 'asc').map((b) => b.name)).toEqual([
      'Альфівська',
      'Гаммівська',
      'Київ',
      'Київська',
    ]);
    expect(sortDeltas(c.budgets, 'pupils', 'desc')[0]!.code).toBe(CITY);
  });

  it('counts a budget present in only one allocation as zero in the other', () => {
    const p = mergePatch(handParameters(), {
      budgets: { privateSchools: { value: 'hromada' } },
    }) as SubventionParameters;
    const s = handSnapshot();
    const extra = 'UA32000000000000044';
    const snap = {
      ...s,
      schools: [
        ...s.schools,
        school('p2', { ownership: 'private', founder: 'ТОВ', location: place('UA32000000000000444', 'M', extra) }),
      ],
      cells: [...s.cells, cell('p2', 'basic', 30)],
      classes: [...s.classes, classes('p2', 'basic', 2)],
    };
    const x = compareAllocations(allocate(snap, handParameters()), allocate(snap, p), names);
    expect(x.budgets.find((b) => b.code === extra)).toMatchObject({
      baseKop: 0n,
      basePupils: 0,
      deltaPct: 100,
      baseNorm: null,
      baseWeight: '0.000000',
    });
  });
});

describe('redistribution after migrations', () => {
  it('explains gains and losses by the pupils who moved between budgets', () => {
    const params = handParameters();
    const then = allocate(handSnapshot(), params);
    // 30 basic pupils of A moved to C's lyceum; 10 first graders entered in Kyiv; 5 left A for abroad.
    const s = handSnapshot();
    const cells = s.cells.map((c) =>
      c.schoolId === 'a1' && c.level === 'basic' && c.livesElsewhere
        ? { ...c, pupils: 0 }
        : c.schoolId === 'c2' && c.level === 'basic'
          ? { ...c, pupils: 80 }
          : c.schoolId === 'b1' && c.level === 'primary'
            ? { ...c, pupils: 110 }
            : c.schoolId === 'a1' && c.level === 'primary' && !c.specialNeeds
              ? { ...c, pupils: 52 }
              : c,
    );
    const now = allocate({ ...s, asOf: '2026-03-01', cells }, params);
    const r = redistribution(
      then,
      now,
      [
        { fromSchoolId: 'a1', toSchoolId: 'c2', pupils: 30, internallyDisplaced: 12 },
        { fromSchoolId: null, toSchoolId: 'b1', pupils: 10, internallyDisplaced: 0 },
        { fromSchoolId: 'a1', toSchoolId: null, pupils: 5, internallyDisplaced: 0 },
        { fromSchoolId: 'c1', toSchoolId: 'c2', pupils: 2, internallyDisplaced: 0 },
        { fromSchoolId: 'a-private', toSchoolId: null, pupils: 1, internallyDisplaced: 0 },
        { fromSchoolId: 'ghost', toSchoolId: 'a-private', pupils: 3, internallyDisplaced: 0 },
      ],
      names,
    );
    expect(r.summary).toEqual({ moved: 30, movedInternallyDisplaced: 12, withinBudget: 2, entered: 10, left: 5 });
    expect(r.flows.map((f) => [f.fromCode, f.toCode, f.pupils])).toEqual([
      [HAND.A, HAND.C, 30],
      [null, CITY, 10],
      [HAND.A, null, 5],
    ]);
    expect(r.flows[0]).toMatchObject({ fromName: 'Альфівська', toName: 'Гаммівська', internallyDisplaced: 12 });
    const a = r.budgets.find((b) => b.code === HAND.A)!;
    expect(a).toMatchObject({ outflow: 30, left: 5, inflow: 0, entered: 0, net: -35 });
    expect(a.destinations).toEqual([{ code: HAND.C, name: 'Гаммівська', pupils: 30 }]);
    expect(a.deltaKop < 0n).toBe(true);
    const c = r.budgets.find((b) => b.code === HAND.C)!;
    expect(c).toMatchObject({
      inflow: 30,
      net: 30,
      sources: [{ code: HAND.A, name: 'Гаммівська'.replace('Гаммівська', 'Альфівська'), pupils: 30 }],
    });
    expect(c.deltaKop > 0n).toBe(true);
    expect(r.comparison.summary.deltaTotalKop).toBe(0n);
  });
});
