import { describe, expect, it } from 'vitest';
import { evaluateLinks } from './evaluate';
import { SampleRng } from './random';

describe('evaluateLinks', () => {
  it('counts true and false links against the truth', () => {
    const leftTruth = Int32Array.from([1, 2, 3, 4]);
    const rightTruth = Int32Array.from([1, 2, 2, 5, 3]);
    // right 0 → left 0 (right), right 1 → left 1 (right), right 2 → left 2 (wrong), right 3 → none, right 4 → left 2
    const best = Int32Array.from([0, 1, 2, -1, 2]);
    const q = evaluateLinks(best, (r) => r !== 4, leftTruth, rightTruth);
    expect(q).toMatchObject({ links: 3, truePositives: 2, falsePositives: 1, truePairs: 4 });
    expect(q.precision).toBeCloseTo(2 / 3, 12);
    expect(q.recall).toBeCloseTo(2 / 4, 12);
    expect(q.f1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5), 12);
  });

  it('is perfect with nothing to find and nothing found', () => {
    const q = evaluateLinks(Int32Array.from([-1]), () => true, Int32Array.from([1]), Int32Array.from([9]));
    expect(q).toMatchObject({ precision: 1, recall: 1, links: 0, truePairs: 0 });
  });
});

describe('SampleRng', () => {
  it('is reproducible and samples distinct indexes in order', () => {
    const a = new SampleRng(5);
    const b = new SampleRng(5);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const s = new SampleRng(9).sampleIndexes(1000, 100);
    expect(s).toHaveLength(100);
    for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
    expect([...new SampleRng(9).sampleIndexes(5, 10)]).toEqual([0, 1, 2, 3, 4]);
    const counts = new Array<number>(10).fill(0);
    const r = new SampleRng(1);
    for (let i = 0; i < 100_000; i++) counts[r.below(10)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});
