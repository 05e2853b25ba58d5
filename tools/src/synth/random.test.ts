import { describe, expect, it } from 'vitest';
import { ageOnDay, dayOf, isoOf, rnokppDays, swapDayMonth } from './calendar';
import { rnokppDatePart } from '@aikom/domain/identifiers/rnokpp';
import { apportion, hashString, Rng, WeightedTable } from './random';

describe('Rng', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const a = Rng.fromSeed(42);
    const b = Rng.fromSeed(42);
    const c = Rng.fromSeed(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
    expect(Rng.fromSeed('42').next()).not.toBe(Rng.fromSeed(42).next());
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const a = Rng.fromSeed(7);
    const b = Rng.fromSeed(7);
    for (let i = 0; i < 1000; i++) b.next();
    expect(a.fork('school:1').next()).toBe(b.fork('school:1').next());
    expect(a.fork(5).next()).toBe(b.fork(5).next());
    expect(a.fork('school:1').next()).not.toBe(a.fork('school:2').next());
    expect(a.fork(1).next()).not.toBe(a.fork(2).next());
    const reused = Rng.fromSeed(0);
    expect(reused.reseedAsFork(a, 'x').next()).toBe(a.fork('x').next());
    expect(reused.reseedAsFork(a, 99).next()).toBe(a.fork(99).next());
  });

  it('draws uniformly within bounds', () => {
    const rng = Rng.fromSeed(1);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(1, 6)]!++;
    expect(counts[0]).toBe(0);
    expect(counts[7]).toBe(0);
    for (const c of counts.slice(1, 7)) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 20_000; i++) {
      const z = rng.normal(10, 2);
      sum += z;
      sq += z * z;
    }
    const mean = sum / 20_000;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sq / 20_000 - mean * mean)).toBeCloseTo(2, 1);
  });

  it('shuffles into a permutation and picks by weight', () => {
    const rng = Rng.fromSeed(3);
    const arr = Uint32Array.from({ length: 100 }, (_, i) => i);
    rng.shuffle(arr);
    expect([...arr].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...arr]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const hits = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) hits[rng.weightedIndex([1, 2, 7])]!++;
    expect(hits[2]! / 30_000).toBeCloseTo(0.7, 1);
  });
});

describe('WeightedTable', () => {
  it('samples in proportion to the weights, never a zero-weight item', () => {
    const t = new WeightedTable(['a', 'b', 'c', 'd'], [5, 3, 2, 0]);
    const rng = Rng.fromSeed(9);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < 100_000; i++) counts[t.sample(rng)]!++;
    expect(counts.a! / 100_000).toBeCloseTo(0.5, 2);
    expect(counts.b! / 100_000).toBeCloseTo(0.3, 2);
    expect(counts.c! / 100_000).toBeCloseTo(0.2, 2);
    expect(counts.d).toBe(0);
    expect(() => new WeightedTable([], [])).toThrow();
    expect(() => new WeightedTable(['a'], [0])).toThrow();
  });
});

describe('apportion', () => {
  it('splits a total exactly, in proportion', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [0.5, 0.25, 0.25])).toEqual([50, 25, 25]);
    expect(apportion(7, [0, 0])).toEqual([7, 0]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    const parts = apportion(123_457, [3.3, 1.1, 7.7, 0.01]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(123_457);
  });

  it('hashes strings stably', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
    expect(hashString('abc', 1)).not.toBe(hashString('abc', 2));
  });
});

describe('calendar', () => {
  it('converts dates both ways and agrees with the domain on the РНОКПП date part', () => {
    for (const iso of ['2008-02-29', '2012-03-09', '2019-12-31', '2025-09-01']) {
      expect(isoOf(dayOf(iso))).toBe(iso);
      expect(String(rnokppDays(dayOf(iso))).padStart(5, '0')).toBe(rnokppDatePart(iso));
    }
  });

  it('swaps day and month only into another real date', () => {
    expect(isoOf(swapDayMonth(dayOf('2012-03-09'))!)).toBe('2012-09-03');
    expect(swapDayMonth(dayOf('2012-03-13'))).toBeNull();
    expect(swapDayMonth(dayOf('2012-05-05'))).toBeNull();
  });

  it('counts age on a date', () => {
    expect(ageOnDay(dayOf('2019-09-01'), dayOf('2025-09-01'))).toBe(6);
    expect(ageOnDay(dayOf('2019-09-02'), dayOf('2025-09-01'))).toBe(5);
    expect(ageOnDay(dayOf('2008-02-29'), dayOf('2025-02-28'))).toBe(16);
  });
});
