/**
 * Seeded pseudo-random numbers for the synthetic data generator.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator from PractRand): 128 bits of state,
 * 32-bit output, passes PractRand and BigCrush, and needs only 32-bit integer operations, which V8 runs without
 * boxing. Seeds are spread over the state with splitmix32 and the first outputs are discarded, as its author
 * recommends for sfc.
 *
 * A stream can be *forked*: `rng.fork('school:123')` gives a child stream that depends only on the parent's seed and
 * the key, never on how many numbers the parent has produced. That is what lets one school's data be generated
 * without generating the schools before it, and several schools be generated in parallel.
 */

/** Murmur3's 32-bit finaliser: a bijective mix with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then fmix32), salted. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

const TWO_POW_32 = 4_294_967_296;

/** A key a stream can be forked by. Numbers take a faster path than strings. */
export type ForkKey = string | number;

/**
 * A seeded random stream.
 *
 * @example
 * const rng = Rng.fromSeed(42);
 * const school = rng.fork('school:12345678');
 * school.int(1, 11); // the same number on every run, whatever `rng` produced before
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** The stream's identity: two words derived from the seed path, used for forking. */
  private id1 = 0;
  private id2 = 0;

  private constructor(id1: number, id2: number) {
    this.reset(id1, id2);
  }

  /** A root stream from a number or a string (e.g. a seed given on the command line). */
  static fromSeed(seed: number | string): Rng {
    const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
    return new Rng(hashString(text, 0x5eed0001), hashString(text, 0x5eed0002));
  }

  private reset(id1: number, id2: number): void {
    this.id1 = id1 >>> 0;
    this.id2 = id2 >>> 0;
    let s = this.id1 ^ Math.imul(this.id2, 0x27d4eb2d);
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out | 0;
    [s, out] = splitmix32(s ^ this.id2);
    this.b = out | 0;
    [s, out] = splitmix32(s);
    this.c = out | 0;
    [, out] = splitmix32(s ^ this.id1);
    this.d = out | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  private childIds(key: ForkKey): [number, number] {
    if (typeof key === 'number') {
      const lo = key >>> 0;
      const hi = Math.floor(key / TWO_POW_32) >>> 0;
      return [fmix32(this.id1 ^ fmix32(lo + 0x6a09e667) ^ hi), fmix32((this.id2 + fmix32(lo ^ 0xbb67ae85) + hi) >>> 0)];
    }
    return [fmix32(this.id1 ^ hashString(key, 0x3c6ef372)), fmix32((this.id2 + hashString(key, 0xa54ff53a)) >>> 0)];
  }

  /** A child stream determined by this stream's seed and the key alone. */
  fork(key: ForkKey): Rng {
    const [i1, i2] = this.childIds(key);
    return new Rng(i1, i2);
  }

  /**
   * Re-seeds this stream in place as `parent.fork(key)` would be, without allocating. Used on the per-record hot
   * path, where a new object per record would cost more than the record itself.
   */
  reseedAsFork(parent: Rng, key: ForkKey): this {
    const [i1, i2] = parent.childIds(key);
    this.reset(i1, i2);
    return this;
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / TWO_POW_32;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** An index chosen with probability proportional to its weight (linear scan; for small, ad-hoc tables). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A standard-normal deviate scaled to mean and sd (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal deviate with the given median and log-scale spread. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/**
 * A fixed discrete distribution sampled in constant time (Walker's alias method, Vose's construction). Built once per
 * table of names, countries and the like; each sample costs one random number.
 *
 * @example
 * const sex = new WeightedTable(['male', 'female'], [513, 487]);
 * sex.sample(rng);
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    const n = items.length;
    if (n === 0 || weights.length !== n) throw new RangeError('a weighted table needs items with one weight each');
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError('weights must be finite and non-negative');
      total += w;
    }
    if (total <= 0) throw new RangeError('weights must not all be zero');
    this.items = items;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...large, ...small]) {
      this.probability[i] = 1;
      this.alias[i] = i;
    }
  }

  /** The index of a sampled item. */
  sampleIndex(rng: Rng): number {
    const x = rng.float() * this.items.length;
    const i = Math.floor(x);
    return x - i < this.probability[i]! ? i : this.alias[i]!;
  }

  sample(rng: Rng): T {
    return this.items[this.sampleIndex(rng)]!;
  }
}

/** Splits a total into integer parts proportional to weights (largest remainder), summing exactly to the total. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const parts = weights.map(() => 0);
    parts[0] = total;
    return parts;
  }
  const exact = weights.map((w) => (w * total) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k]![1]]!++;
  return parts;
}
