/**
 * A small seeded generator for the sampling steps of record linkage (random pairs for u-probabilities, the sample of
 * records EM is trained on). Seeded, so that a linkage run is reproducible: the same extracts and the same seed give
 * the same parameters and the same links. mulberry32 (Tommy Ettinger, public domain): 32 bits of state, enough for
 * sampling, and only 32-bit integer operations.
 */
export class SampleRng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 4_294_967_296) * n);
  }

  /**
   * `k` distinct indexes of [0, n) in increasing order (all of them when k ≥ n): Floyd's algorithm for small k,
   * a selection pass otherwise.
   */
  sampleIndexes(n: number, k: number): Int32Array {
    if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
    const chosen = new Uint8Array(n);
    let left = k;
    const out = new Int32Array(k);
    let j = 0;
    for (let i = 0; i < n && left > 0; i++) {
      // Selection sampling (Knuth, TAOCP vol. 2, § 3.4.2, algorithm S): each index is kept with probability
      // left / (n - i), which yields exactly k uniformly chosen indexes in order.
      if (this.below(n - i) < left) {
        chosen[i] = 1;
        out[j++] = i;
        left--;
      }
    }
    return out;
  }
}
