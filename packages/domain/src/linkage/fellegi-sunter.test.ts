import { describe, expect, it } from 'vitest';
import { C_BIRTH, C_CERT, C_FIRST, C_LAST, COMPARISONS, packPattern, PATTERN_COUNT } from './comparisons';
import {
  defaultM,
  expectationMaximisation,
  explainPattern,
  levelCounts,
  PatternHistogram,
  patternWeights,
  priorWeight,
  probabilityOf,
  uFromCounts,
} from './fellegi-sunter';
import { SampleRng } from './random';

/** Draws a level from a distribution. */
function draw(rng: SampleRng, p: readonly number[]): number {
  let x = rng.next() / 2 ** 32;
  for (let l = 0; l < p.length; l++) {
    x -= p[l]!;
    if (x < 0) return l;
  }
  return p.length - 1;
}

describe('u from random pairs', () => {
  it('counts levels per comparison and smooths unseen ones', () => {
    const h = new PatternHistogram();
    const g = new Array(9).fill(-1);
    g[C_LAST] = 4;
    h.add(packPattern(g), 99);
    g[C_LAST] = 0;
    h.add(packPattern(g), 1);
    const counts = levelCounts(h.entries());
    expect(counts[C_LAST]).toEqual([1, 0, 0, 0, 99]);
    expect(counts[C_FIRST]).toEqual([0, 0, 0, 0, 0]);
    const u = uFromCounts(counts);
    expect(u[C_LAST]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(u[C_LAST]![1]).toBeGreaterThan(0);
    expect(u[C_LAST]![4]).toBeCloseTo(99.5 / 102.5, 12);
  });
});

describe('expectationMaximisation', () => {
  // A mixture with known parameters: EM must recover them from the pattern histogram.
  const trueM = COMPARISONS.map((c, k) =>
    k === C_LAST
      ? [0.85, 0.05, 0.04, 0.03, 0.03]
      : k === C_FIRST
        ? [0.9, 0.04, 0.03, 0.02, 0.01]
        : k === C_BIRTH
          ? [0.95, 0.02, 0.015, 0.01, 0.005]
          : c.levels.length === 2
            ? [0.97, 0.03]
            : c.levels.map((_, l) => (l === 0 ? 0.9 : 0.1 / (c.levels.length - 1))),
  );
  const trueU = COMPARISONS.map((c, k) =>
    k === C_LAST
      ? [0.01, 0.01, 0.02, 0.06, 0.9]
      : k === C_FIRST
        ? [0.03, 0.02, 0.05, 0.1, 0.8]
        : k === C_BIRTH
          ? [0.3, 0.05, 0.15, 0.3, 0.2]
          : c.levels.length === 2
            ? [0.1, 0.9]
            : c.levels.map((_, l) => (l === c.levels.length - 1 ? 0.85 : 0.15 / (c.levels.length - 1))),
  );
  function sample(n: number, lambda: number, seed: number): PatternHistogram {
    const rng = new SampleRng(seed);
    const h = new PatternHistogram();
    for (let i = 0; i < n; i++) {
      const match = rng.next() / 2 ** 32 < lambda;
      const params = match ? trueM : trueU;
      h.add(packPattern(params.map((p) => draw(rng, p))));
    }
    return h;
  }

  it('recovers m, u and λ of a simulated mixture', () => {
    const h = sample(200_000, 0.3, 7);
    const em = expectationMaximisation(
      h,
      { m: defaultM(), u: uFromCounts(COMPARISONS.map((c) => c.levels.map(() => 1))) },
      { lambda: 0.5 },
    );
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(0.3, 2);
    for (const k of [C_LAST, C_FIRST, C_BIRTH]) {
      em.m[k]!.forEach((v, l) => expect(v, `m[${k}][${l}]`).toBeCloseTo(trueM[k]![l]!, 2));
      em.u[k]!.forEach((v, l) => expect(v, `u[${k}][${l}]`).toBeCloseTo(trueU[k]![l]!, 2));
    }
    expect(em.expectedMatches).toBeCloseTo(0.3 * 200_000, -3);
  });

  it('leaves excluded comparisons at their starting values', () => {
    const h = sample(20_000, 0.3, 8);
    const start = { m: defaultM(), u: uFromCounts(COMPARISONS.map((c) => c.levels.map(() => 1))) };
    const em = expectationMaximisation(h, start, { exclude: new Set([C_BIRTH]) });
    expect(em.m[C_BIRTH]).toEqual(start.m[C_BIRTH]);
    expect(em.u[C_BIRTH]).toEqual(start.u[C_BIRTH]);
  });
});

describe('weights', () => {
  it('sum log₂(m/u) over present fields; missing fields weigh nothing', () => {
    const m = defaultM();
    const u = uFromCounts(COMPARISONS.map((c) => c.levels.map(() => 10)));
    const table = patternWeights({ m, u });
    expect(table).toHaveLength(PATTERN_COUNT);
    const g = new Array(9).fill(-1);
    expect(table[packPattern(g)]).toBe(0);
    g[C_LAST] = 0;
    g[C_CERT] = 1;
    const expected = Math.log2(m[C_LAST]![0]! / u[C_LAST]![0]!) + Math.log2(m[C_CERT]![1]! / u[C_CERT]![1]!);
    expect(table[packPattern(g)]).toBeCloseTo(expected, 12);
    const explained = explainPattern({ m, u }, packPattern(g));
    expect(explained.find((e) => e.comparison === 'lastName')).toMatchObject({ level: 'exact' });
    expect(explained.find((e) => e.comparison === 'sex')).toMatchObject({ level: null, weight: 0 });
  });

  it('turn weight and prior into a probability', () => {
    expect(probabilityOf(0, priorWeight(0.5))).toBeCloseTo(0.5, 12);
    expect(probabilityOf(10, priorWeight(0.5))).toBeCloseTo(1024 / 1025, 12);
    expect(probabilityOf(20, priorWeight(1e-6))).toBeCloseTo(1 / (1 + (2 ** -20 * (1 - 1e-6)) / 1e-6), 9);
  });
});
