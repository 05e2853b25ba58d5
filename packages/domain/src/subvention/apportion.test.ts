import { describe, expect, it } from 'vitest';
import { apportionWebster, type Claim } from './apportion';
import { seededRandom } from './testing';

/** Sainte-Laguë by its definition: hand out kopiyky one at a time to the greatest w / (s + ½), ties to the smaller key. */
function oneByOne(total: bigint, claims: readonly Claim[]): bigint[] {
  const seats = claims.map(() => 0n);
  for (let k = 0n; k < total; k++) {
    let best = -1;
    for (let i = 0; i < claims.length; i++) {
      if (claims[i]!.weight === 0n) continue;
      if (best === -1) {
        best = i;
        continue;
      }
      const l = claims[i]!.weight * (2n * seats[best]! + 1n);
      const r = claims[best]!.weight * (2n * seats[i]! + 1n);
      if (l > r || (l === r && claims[i]!.key < claims[best]!.key)) best = i;
    }
    seats[best]! += 1n;
  }
  return seats;
}

const claims = (...weights: number[]): Claim[] =>
  weights.map((w, i) => ({ key: String.fromCharCode(97 + i), weight: BigInt(w) }));

describe('apportionWebster', () => {
  it('divides proportionally and hands an odd kopiyka to the smaller key', () => {
    expect(apportionWebster(100n, claims(1, 1, 1))).toEqual([34n, 33n, 33n]);
    expect(apportionWebster(10n, claims(1, 1))).toEqual([5n, 5n]);
    expect(apportionWebster(7n, claims(3, 0, 4))).toEqual([3n, 0n, 4n]);
  });

  it('corrects both ways from the rounded quotas', () => {
    // Quotas 0,5 / 0,5 / 0,5 / 0,5 round up to 4 > 2: two are taken back, from the larger keys.
    expect(apportionWebster(2n, claims(1, 1, 1, 1))).toEqual([1n, 1n, 0n, 0n]);
    // Quotas 1,4 ×5 round down to 5 < 7: two more go to the smaller keys.
    expect(apportionWebster(7n, claims(1, 1, 1, 1, 1))).toEqual([2n, 2n, 1n, 1n, 1n]);
  });

  it('agrees with the one-kopiyka-at-a-time definition (random cases)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = seededRandom(seed);
      const n = 1 + Math.floor(rnd() * 8);
      const cs = Array.from({ length: n }, (_, i) => ({
        key: `k${Math.floor(rnd() * 5)}${i}`,
        weight: BigInt(rnd() < 0.15 ? 0 : Math.floor(rnd() * (rnd() < 0.3 ? 5 : 10_000))),
      }));
      if (cs.every((c) => c.weight === 0n)) cs[0]!.weight = 1n;
      const total = BigInt(Math.floor(rnd() * 200));
      expect(apportionWebster(total, cs), `seed ${seed}`).toEqual(oneByOne(total, cs));
    }
  });

  it('sums to the total and stays within a kopiyka of the quota for realistic sizes', () => {
    const rnd = seededRandom(7);
    const cs = Array.from({ length: 1500 }, (_, i) => ({
      key: `UA${String(i).padStart(17, '0')}`,
      weight: BigInt(Math.floor(rnd() * 5e12)),
    }));
    const total = 10_320_000_000_000n;
    const parts = apportionWebster(total, cs);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
    const sum = cs.reduce((a, c) => a + c.weight, 0n);
    parts.forEach((p, i) => {
      const diff = p * sum - total * cs[i]!.weight;
      expect(diff < sum && diff > -sum).toBe(true);
    });
  });

  it('never gives less to anyone when the total grows, or to a claimant whose weight grows (random cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = seededRandom(500 + seed);
      const n = 2 + Math.floor(rnd() * 10);
      const cs = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, weight: BigInt(1 + Math.floor(rnd() * 1000)) }));
      const t = BigInt(Math.floor(rnd() * 5000));
      const a = apportionWebster(t, cs);
      const b = apportionWebster(t + 1n + BigInt(Math.floor(rnd() * 50)), cs);
      a.forEach((x, i) => expect(b[i]! >= x, `seed ${seed} total`).toBe(true));
      const j = Math.floor(rnd() * n);
      const grown = cs.map((c, i) => (i === j ? { ...c, weight: c.weight + 1n + BigInt(Math.floor(rnd() * 500)) } : c));
      expect(apportionWebster(t, grown)[j]! >= a[j]!, `seed ${seed} weight`).toBe(true);
    }
  });

  it('gives nothing out of nothing and refuses what cannot be apportioned', () => {
    expect(apportionWebster(0n, claims(0, 0))).toEqual([0n, 0n]);
    expect(apportionWebster(0n, [])).toEqual([]);
    expect(() => apportionWebster(5n, claims(0, 0))).toThrow(RangeError);
    expect(() => apportionWebster(-1n, claims(1))).toThrow(RangeError);
    expect(() => apportionWebster(1n, claims(-1, 2))).toThrow(RangeError);
  });
});
