import { describe, expect, it } from 'vitest';
import { codesOf, jaroWinkler, jaroWinklerCodes } from './jaro-winkler';

/** Jaro similarity alone, computed naively from the definition, to check the fast version against. */
function jaroNaive(a: string, b: string): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const usedB = new Set<number>();
  const matchedA: string[] = [];
  const matchedAIdx: number[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB.has(j) && a[i] === b[j]) {
        usedB.add(j);
        matchedA.push(a[i]!);
        matchedAIdx.push(i);
        break;
      }
    }
  }
  const m = matchedA.length;
  if (m === 0) return 0;
  const matchedB = [...usedB].sort((x, y) => x - y).map((j) => b[j]!);
  let t = 0;
  for (let k = 0; k < m; k++) if (matchedA[k] !== matchedB[k]) t++;
  return (m / a.length + m / b.length + (m - t / 2) / m) / 3;
}

function jwNaive(a: string, b: string): number {
  const j = jaroNaive(a, b);
  let l = 0;
  while (l < 4 && l < a.length && l < b.length && a[l] === b[l]) l++;
  return j + l * 0.1 * (1 - j);
}

describe('jaroWinkler', () => {
  // Published values: Winkler (1990) and the Splink / Apache Commons Text test suites.
  it.each([
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
    ['JELLYFISH', 'SMELLYFISH', 0.8963],
    ['CRATE', 'TRACE', 0.7333],
    ['shevchenko', 'shevchenko', 1],
    ['abc', 'xyz', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is symmetric, in [0, 1], and 1 only for equal strings', () => {
    const names = ['kovalenko', 'kovalchuk', 'koval', 'bondarenko', 'bondar', 'o', 'oo', 'ivanna', 'ivan', 'nivana'];
    for (const a of names) {
      for (const b of names) {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBeCloseTo(jaroWinkler(b, a), 12);
        if (a !== b) expect(s).toBeLessThan(1);
      }
    }
  });

  it('treats empty strings: both empty are equal, one empty shares nothing', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('', 'taras')).toBe(0);
    expect(jaroWinkler('taras', '')).toBe(0);
  });

  it('agrees with a naive implementation of the definition on random strings', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const word = () => {
      const n = 1 + Math.floor(rand() * 12);
      let s = '';
      for (let i = 0; i < n; i++) s += 'abcdeko'[Math.floor(rand() * 7)];
      return s;
    };
    for (let i = 0; i < 2000; i++) {
      const a = word();
      const b = word();
      expect(jaroWinkler(a, b), `${a} ~ ${b}`).toBeCloseTo(jwNaive(a, b), 12);
    }
  });

  it('handles strings longer than its scratch buffers', () => {
    const long = 'ab'.repeat(100);
    expect(jaroWinklerCodes(codesOf(long), codesOf(long))).toBe(1);
    expect(jaroWinklerCodes(codesOf(long), codesOf(`${long}c`))).toBeCloseTo(jwNaive(long, `${long}c`), 12);
  });

  it('rewards a common prefix (Winkler) but never above 1', () => {
    expect(jaroWinkler('tkachenko', 'tkachuk')).toBeGreaterThan(jaroNaive('tkachenko', 'tkachuk'));
    expect(jaroWinkler('aaaa', 'aaaab')).toBeLessThanOrEqual(1);
  });
});
