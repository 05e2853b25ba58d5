/**
 * Dividing a total of kopiyky among budgets in proportion to their weights, so that the parts are whole kopiyky and
 * add up to the total exactly.
 *
 * The rule is the Sainte-Laguë (Webster) divisor method: every budget receives its weight divided by one common
 * divisor, rounded half up, the divisor chosen so that the parts sum to the total. Equivalently, kopiyky are handed out
 * one at a time, each to the budget with the greatest `weight / (kopiyky so far + ½)`; equal claims are settled by
 * the budget's key, smaller first. Each part differs from its exact proportional share by less than a kopiyka in
 * every realistic case (the total is ten orders of magnitude larger than the number of budgets).
 *
 * Why not the largest-remainder (Hamilton) method: it suffers the Alabama and population paradoxes — a larger total,
 * or more pupils in one budget, can take a kopiyka from some budget. A divisor method cannot: a budget's part never
 * decreases when the total grows or when its own weight grows with the others unchanged (Balinski & Young, «Fair
 * Representation», 1982). Those are the invariants the formula promises, so they must hold to the last kopiyka.
 */

export interface Claim {
  /** Stable key of the claimant (a KATOTTH code): settles exactly equal claims. */
  key: string;
  /** Non-negative integer weight (the budget's розрахункова кількість учнів in millionths). */
  weight: bigint;
}

/** `a` before `b` in the order in which kopiyky are handed out: larger priority first, then the smaller key. */
type Before = (a: number, b: number) => boolean;

/** A binary heap of claimant indices. */
class Heap {
  readonly #items: number[] = [];
  constructor(private readonly before: Before) {}

  push(i: number): void {
    const a = this.#items;
    a.push(i);
    let c = a.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.before(a[c]!, a[p]!)) break;
      [a[c], a[p]] = [a[p]!, a[c]!];
      c = p;
    }
  }

  pop(): number | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < a.length && this.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.before(a[r]!, a[m]!)) m = r;
        if (m === p) break;
        [a[m], a[p]] = [a[p]!, a[m]!];
        p = m;
      }
    }
    return top;
  }
}

/**
 * Apportions `total` kopiyky among the claims by the Sainte-Laguë (Webster) method. Returns the parts in the order
 * of the claims.
 *
 * @example apportionWebster(100n, [{ key: 'a', weight: 1n }, { key: 'b', weight: 1n }, { key: 'c', weight: 1n }])
 * // [34n, 33n, 33n] — 33⅓ each; the odd kopiyka goes to the smallest key
 * @throws RangeError when the total is negative, a weight is negative, or all weights are zero and the total is not
 */
export function apportionWebster(total: bigint, claims: readonly Claim[]): bigint[] {
  if (total < 0n) throw new RangeError('the total to apportion is negative');
  let sum = 0n;
  for (const c of claims) {
    if (c.weight < 0n) throw new RangeError(`negative weight of ${c.key}`);
    sum += c.weight;
  }
  if (total === 0n) return claims.map(() => 0n);
  if (sum === 0n) throw new RangeError('nothing to apportion by: every weight is zero');
  // Round half up at the exact divisor sum/total: the parts are then exactly the claims whose priority is at least
  // that divisor, so the corrections below hand out or take back the next claims in the method's own order.
  const seats = claims.map((c) => (2n * total * c.weight + sum) / (2n * sum));
  let gap = total - seats.reduce((a, s) => a + s, 0n);
  if (gap === 0n) return seats;
  const w = claims.map((c) => c.weight);
  const key = claims.map((c) => c.key);
  const keyBefore = (i: number, j: number) => key[i]! < key[j]! || (key[i] === key[j] && i < j);
  if (gap > 0n) {
    // Priority of the next kopiyka of i: w_i / (s_i + ½); compare w_i (2 s_j + 1) with w_j (2 s_i + 1).
    const heap = new Heap((i, j) => {
      const l = w[i]! * (2n * seats[j]! + 1n);
      const r = w[j]! * (2n * seats[i]! + 1n);
      return l > r || (l === r && keyBefore(i, j));
    });
    claims.forEach((c, i) => c.weight > 0n && heap.push(i));
    for (; gap > 0n; gap--) {
      const i = heap.pop()!;
      seats[i]! += 1n;
      heap.push(i);
    }
  } else {
    // Priority of the last kopiyka of i: w_i / (s_i − ½); the smallest gives it back, the larger key on a tie.
    const heap = new Heap((i, j) => {
      const l = w[i]! * (2n * seats[j]! - 1n);
      const r = w[j]! * (2n * seats[i]! - 1n);
      return l < r || (l === r && keyBefore(j, i));
    });
    seats.forEach((s, i) => s > 0n && heap.push(i));
    for (; gap < 0n; gap++) {
      const i = heap.pop()!;
      seats[i]! -= 1n;
      if (seats[i]! > 0n) heap.push(i);
    }
  }
  return seats;
}
