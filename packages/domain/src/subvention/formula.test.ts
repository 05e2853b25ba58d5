import { describe, expect, it } from 'vitest';
import { SCALE } from './decimal';
import { allocate, allocateInputs, AllocationError, budgetWeight } from './formula';
import { budgetInputs } from './inputs';
import { mergePatch, type SubventionParameters } from './parameters';
import {
  CITY,
  HAND,
  OBLAST,
  cell,
  classes,
  handParameters,
  handSnapshot,
  randomSnapshot,
  school,
  seededRandom,
  territory,
  place,
} from './testing';

/*
 * The hand-computed example (parameters of handParameters(): k_I = 1, k_II = 2, levels 1 / 1,5 / 2, H_base = 20,
 * city norm 25, 10 km² per settlement, rule «normative-or-actual», Kск = 0,9 for budget C; ОС = 1 000 000,00 грн).
 *
 * A (hromada, 10 settlements → 100 km²): one village gymnasium, 60 primary pupils in 6 classes (3 with SEN),
 *   90 basic pupils in 6 classes (30 live in another settlement). Density 150/100 = 1,5 → band «1,5–2,2»;
 *   rural share 100 % → band «100»: Hн = 11.
 *   primary: N/C = 10 ≤ 11 → 1 × 1 × 20 × 60/11 = 109,090909…
 *   basic:   N/C = 15 > 11 → 1 × 1,5 × 20 × 6 classes = 180
 *   SEN 3 × 1 = 3; transport 30 × 0,1 = 3                          Nр = 295,090909(09…)
 * B (Kyiv, city norm 25): lyceum, primary 100 / 4 classes, basic 150 / 5 classes, profile 50 / 2 classes,
 *   20 pupils taught in Hungarian.
 *   primary 20 × 100/25 = 80; basic N/C = 30 > 25 → 1,5 × 20 × 5 = 150; profile 2 × 20 × 50/25 = 80;
 *   language 20 × 0,1 = 2                                         Nр = 312
 * C (hromada, 4 settlements → 40 km², reduction 0,9): a village gymnasium 1–9 with 40 pupils (< 45: counts 8 of
 *   12 months of 2026) and a town lyceum with 100. Density 140/40 = 3,5 → «2,6–3,6»; rural 40/140 = 28,6 % →
 *   «25–46»: Hн = 16. In twelfths: primary N₁₂ = 20·8 + 40·12 = 640, basic 760, profile 120.
 *   primary 20 × (640/12)/16 = 66,666…; basic 1,5 × 20 × (760/12)/16 = 118,75; profile 2 × 20 × 10/16 = 25
 *   Σ = 631,25/3; × 0,9                                            Nр = 189,375
 * D (the oblast): a special school founded by the oblast council, 50 basic pupils: 2 × 1,5 × 50  Nр = 150
 * Not counted: a private school (10 pupils) and a state school (30 pupils).
 *
 * Σ Nр = 946,465909; ОС × Nр/ΣNр = 31 178 186,79 / 32 964 737,24 / 20 008 644,60 / 15 848 431,37 kopiyky, rounded
 * to the nearest kopiyka these already sum to 100 000 000.
 */
describe('the hand-computed example', () => {
  const params = handParameters();
  const a = allocate(handSnapshot(), params);
  const by = (code: string) => a.budgets.find((b) => b.inputs.code === code)!;

  it('reproduces every Nр to the millionth of a pupil', () => {
    expect(a.budgets.map((b) => [b.inputs.code, b.weight.micro])).toEqual([
      [HAND.A, 295_090_909n],
      [HAND.C, 189_375_000n],
      [OBLAST, 150_000_000n],
      [CITY, 312_000_000n],
    ]);
    expect(a.weightSumMicro).toBe(946_465_909n);
  });

  it('reproduces every amount to the kopiyka, summing to the total', () => {
    expect(a.budgets.map((b) => [b.inputs.code, b.amountKop])).toEqual([
      [HAND.A, 31_178_187n],
      [HAND.C, 20_008_645n],
      [OBLAST, 15_848_431n],
      [CITY, 32_964_737n],
    ]);
    expect(a.budgets.reduce((s, b) => s + b.amountKop, 0n)).toBe(100_000_000n);
  });

  it('derives the indicators and norms of the worked example', () => {
    expect(by(HAND.A).inputs.norm).toEqual({
      source: 'table',
      scaled: 11n * SCALE,
      cell: { densityBand: 2, ruralBand: 8, value: '11' },
    });
    expect(by(HAND.C).inputs.norm.cell).toEqual({ densityBand: 4, ruralBand: 1, value: '16' });
    expect(by(CITY).inputs.norm.source).toBe('city-special-status');
    expect(by(OBLAST).inputs.kind).toBe('oblast');
    expect(by(OBLAST).inputs.indicators).toMatchObject({ scope: 'oblast', pupils: 340, ruralPupils: 190 });
    expect(by(HAND.C).inputs.lines.find((l) => l.school.id === 'c1')!.smallSchool).toEqual({
      minPupils: 45,
      span: '1–9',
      keptMonths: 8,
    });
    expect(by(HAND.C).weight.reduction).toBe(900_000n);
    expect(by(HAND.A).weight.terms.map((t) => [t.kind, t.level ?? t.adjustment, t.byActual])).toEqual([
      ['group-i', 'primary', false],
      ['group-i', 'basic', true],
      ['adjustment', 'specialNeeds', false],
      ['adjustment', 'transport', false],
    ]);
  });

  it('lists the schools that count for no budget, with why', () => {
    expect(a.excluded.map((e) => [e.school.id, e.reason, e.pupils])).toEqual([
      ['a-private', 'private', 10],
      ['b-state', 'state', 30],
    ]);
  });

  it('pays group I by the norm alone under the «normative» rule', () => {
    const p = mergePatch(params, { classSize: { rule: { value: 'normative' } } }) as SubventionParameters;
    const w = budgetWeight(budgetInputs(handSnapshot(), p).budgets[0]!, p);
    // 20 × 60/11 + 1,5 × 20 × 90/11 + 3 + 3 = 3900/11 + 6 = 360,545454…
    expect(w.micro).toBe(360_545_454n);
    expect(w.terms.some((t) => t.byActual)).toBe(false);
  });

  it('counts private schools for their hromada when the parameter says so', () => {
    const p = mergePatch(params, { budgets: { privateSchools: { value: 'hromada' } } }) as SubventionParameters;
    const x = allocate(handSnapshot(), p);
    expect(x.excluded.map((e) => e.school.id)).toEqual(['b-state']);
    expect(x.budgets.find((b) => b.inputs.code === HAND.A)!.inputs.pupils).toBe(160);
  });

  it('refuses to allocate a total when no budget has pupils', () => {
    const empty = { ...handSnapshot(), cells: [], classes: [] };
    expect(() => allocate(empty, params)).toThrow(AllocationError);
    const zero = mergePatch(params, { total: { value: '0' } }) as SubventionParameters;
    expect(allocate(empty, zero).budgets).toEqual([]);
  });
});

describe('the invariants', () => {
  const sum = (xs: readonly { amountKop: bigint }[]) => xs.reduce((s, b) => s + b.amountKop, 0n);

  it('allocations sum to the total to the kopiyka', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(seed);
      const total = BigInt(Math.floor(rnd() * 1e15)) + 1n;
      const p = mergePatch(handParameters(), { total: { value: total.toString() } }) as SubventionParameters;
      const a = allocate(randomSnapshot(rnd, 3 + Math.floor(rnd() * 30)), p);
      expect(sum(a.budgets), `seed ${seed}`).toBe(total);
    }
  });

  it('a larger total never gives any budget less (property)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(1000 + seed);
      const snapshot = randomSnapshot(rnd, 2 + Math.floor(rnd() * 20));
      const t1 = BigInt(Math.floor(rnd() * 1e9));
      const t2 = t1 + 1n + BigInt(Math.floor(rnd() * (rnd() < 0.5 ? 5 : 1e7)));
      const p1 = mergePatch(handParameters(), { total: { value: t1.toString() } }) as SubventionParameters;
      const p2 = mergePatch(handParameters(), { total: { value: t2.toString() } }) as SubventionParameters;
      const a1 = allocate(snapshot, p1);
      const a2 = allocate(snapshot, p2);
      a1.budgets.forEach((b, i) =>
        expect(a2.budgets[i]!.amountKop >= b.amountKop, `seed ${seed} budget ${b.inputs.code}`).toBe(true),
      );
    }
  });

  it('more pupils in a budget, with its normative class size unchanged, never mean less money (property)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = seededRandom(2000 + seed);
      const params = mergePatch(handParameters(), {
        total: { value: String(1e12 + Math.floor(rnd() * 1e12)) },
        classSize: { rule: { value: rnd() < 0.5 ? 'normative' : 'normative-or-actual' } },
        reduction: { scope: { value: 'listed' }, budgets: { value: [] } },
      }) as SubventionParameters;
      const set = budgetInputs(randomSnapshot(rnd, 2 + Math.floor(rnd() * 25)), params);
      const before = allocateInputs(set, params, '2025-10-15');
      const i = Math.floor(rnd() * set.budgets.length);
      const target = structuredClone(set.budgets[i]!);
      const added = BigInt(1 + Math.floor(rnd() * 500)) * 12n;
      const where = Math.floor(rnd() * 4);
      const group = (['I', 'II', 'III', 'IV', 'V', 'VI'] as const)[Math.floor(rnd() * 6)]!;
      const level = (['primary', 'basic', 'profile'] as const)[Math.floor(rnd() * 3)]!;
      if (where === 0) target.weighted.groups[group][level] += added;
      else if (where === 1) target.weighted.specialNeeds += added;
      else if (where === 2) target.weighted.transport += added;
      else target.weighted.minorityLanguage += added;
      const budgets = set.budgets.map((b, j) => (j === i ? target : b));
      const after = allocateInputs({ ...set, budgets }, params, '2025-10-15');
      const label = `seed ${seed}: +${added / 12n} (${where}, ${group}, ${level}) in ${target.code}`;
      expect(after.budgets[i]!.weight.micro >= before.budgets[i]!.weight.micro, label).toBe(true);
      expect(after.budgets[i]!.amountKop >= before.budgets[i]!.amountKop, label).toBe(true);
    }
  });

  it('more pupils in a school never mean less money where the norm is fixed by the city rule (end to end)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(3000 + seed);
      const snapshot = randomSnapshot(rnd, 2 + Math.floor(rnd() * 12));
      const codes = [...snapshot.territories.keys()];
      const params = mergePatch(handParameters(), {
        classSize: { cityBudgets: { value: { specialStatusCities: true, codes, urbanHromadas: null } } },
        reduction: { scope: { value: 'listed' }, budgets: { value: [] } },
      }) as SubventionParameters;
      const before = allocate(snapshot, params);
      const k = Math.floor(rnd() * snapshot.cells.length);
      const cells = snapshot.cells.map((c, j) =>
        j === k ? { ...c, pupils: c.pupils + 1 + Math.floor(rnd() * 200) } : c,
      );
      const after = allocate({ ...snapshot, cells }, params);
      const code = before.budgets.find((b) => b.inputs.lines.some((l) => l.school.id === snapshot.cells[k]!.schoolId))
        ?.inputs.code;
      if (code === undefined) continue; // the school counts for no budget
      const amount = (x: typeof before) => x.budgets.find((b) => b.inputs.code === code)!.amountKop;
      expect(amount(after) >= amount(before), `seed ${seed} ${code}`).toBe(true);
    }
  });

  it('is the same allocation whatever the order of the schools and cells', () => {
    const s = handSnapshot();
    const shuffled = { ...s, schools: [...s.schools].reverse(), cells: [...s.cells].reverse() };
    const x = allocate(shuffled, handParameters());
    expect(x.budgets.map((b) => b.amountKop)).toEqual(allocate(s, handParameters()).budgets.map((b) => b.amountKop));
  });
});

describe('the reduction coefficient and adjustments', () => {
  it('applies the reduction coefficient to budgets on the occupied list when its scope says so', () => {
    const s = handSnapshot();
    const territories = new Map(s.territories);
    territories.set(...territory(HAND.A, 'H', { settlements: 10, occupied: true }));
    const p = mergePatch(handParameters(), { reduction: { scope: { value: 'occupied' } } }) as SubventionParameters;
    const set = budgetInputs({ ...s, territories }, p);
    expect(set.budgets.map((b) => [b.code, b.reduction.reason])).toEqual([
      [HAND.A, 'occupied'],
      [HAND.C, null],
      [OBLAST, null],
      [CITY, null],
    ]);
  });

  it('adds the mountain adjustment for schools in listed settlements or hromadas', () => {
    const p = mergePatch(handParameters(), {
      adjustments: { mountainSettlements: { value: [HAND.villageA, HAND.C] } },
    }) as SubventionParameters;
    const set = budgetInputs(handSnapshot(), p);
    // The oblast's special school stands in hromada C too: its 50 pupils count for the oblast budget.
    expect(set.budgets.map((b) => b.totals.mountain)).toEqual([150, 140, 50, 0]);
    const w = budgetWeight(set.budgets[0]!, p);
    // A: 295,090909 + 150 × 0,2
    expect(w.micro).toBe(325_090_909n);
  });

  it('uses an area given by parameter instead of the settlement proxy', () => {
    const p = mergePatch(handParameters(), {
      density: { areasKm2: { value: { [HAND.A]: '37.5' } } },
    }) as SubventionParameters;
    const a = budgetInputs(handSnapshot(), p).budgets[0]!;
    // 150 / 37,5 = 4 pupils per km² → band «3,7–9,4»; 100 % rural → 13
    expect(a.indicators.areaSource).toBe('parameter');
    expect(a.norm.cell).toEqual({ densityBand: 6, ruralBand: 8, value: '13' });
  });

  it('takes the city norm for an urban hromada under the proxy rule', () => {
    const p = mergePatch(handParameters(), {
      classSize: {
        cityBudgets: {
          value: { specialStatusCities: false, codes: [], urbanHromadas: { maxRuralSharePct: '30', minPupils: 100 } },
        },
      },
    }) as SubventionParameters;
    const set = budgetInputs(handSnapshot(), p);
    const norms = Object.fromEntries(set.budgets.map((b) => [b.code, b.norm.source]));
    // C has a city and 28,6 % rural pupils; A has no city; Kyiv is not treated as a city without the flag.
    expect(norms).toEqual({ [HAND.A]: 'table', [HAND.C]: 'city-urban-hromada', [OBLAST]: 'table', [CITY]: 'table' });
  });

  it('counts a relocated school for its hromada of origin, with the origin as its place', () => {
    const origin = place('UA14000000000000333', 'M', 'UA14000000000000033', 'UA14000000000091971');
    const s = handSnapshot();
    const schools = [
      ...s.schools,
      school('r1', { status: 'relocated', location: place(HAND.townC, 'M', HAND.C), origin, gradeMax: 11 }),
    ];
    const set = budgetInputs(
      {
        ...s,
        schools,
        cells: [...s.cells, cell('r1', 'basic', 80, { livesElsewhere: true })],
        classes: [...s.classes, classes('r1', 'basic', 4)],
      },
      handParameters(),
    );
    const r = set.budgets.find((b) => b.code === 'UA14000000000000033')!;
    expect(r.lines[0]!.relocated).toBe(true);
    expect(r.oblastCode).toBe('UA14000000000091971');
    // A relocated school works remotely: nobody is driven to it.
    expect(r.totals.transport).toBe(0);
  });
});
