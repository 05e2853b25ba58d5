/**
 * The Fellegi–Sunter model of record linkage (Fellegi & Sunter 1969, «A theory for record linkage», JASA 64(328)):
 * for each compared field k and level ℓ, m_kℓ = P(level ℓ | the records are the same person) and
 * u_kℓ = P(level ℓ | they are not). Assuming the fields independent given the match status, a pair's evidence is
 * the sum of log₂(m/u) over its fields (its match weight); with the prior λ = P(match) for a random pair, the
 * posterior is 1 / (1 + 2^−(weight + log₂(λ / (1 − λ)))).
 *
 * The parameters are estimated as Splink does (Linacre et al., Splink, UK Ministry of Justice): u from random pairs
 * (almost all of which are non-matches), m by expectation–maximisation (Dempster, Laird & Rubin 1977; Winkler 1988
 * for record linkage) on candidate pairs, in sessions blocked on different fields — a field used to pick a session's
 * pairs is not estimated in that session, as blocking biases it.
 */
import { COMPARISONS, PATTERN_COUNT, RADIX, STRIDE } from './comparisons';

export interface FsParameters {
  /** m[k][ℓ]: P(level ℓ of comparison k | match). */
  m: number[][];
  /** u[k][ℓ]: P(level ℓ of comparison k | non-match). */
  u: number[][];
  /** Prior probability that a random pair is a match. */
  lambda: number;
}

/** Smallest probability a level keeps: a level never seen must not make a weight infinite. */
export const PROBABILITY_FLOOR = 1e-9;

/**
 * Starting m-probabilities before EM (a share of true pairs agreeing exactly on each field). EM moves them; they
 * only need to make matches the more agreeing class.
 */
export function defaultM(): number[][] {
  const start: Record<string, number[]> = {
    lastName: [0.9, 0.04, 0.03, 0.01, 0.02],
    firstName: [0.92, 0.04, 0.02, 0.01, 0.01],
    middleName: [0.93, 0.03, 0.02, 0.02],
    birthDate: [0.97, 0.01, 0.01, 0.005, 0.005],
    sex: [0.99, 0.01],
    birthCertificate: [0.9, 0.1],
    unzr: [0.95, 0.05],
    rnokpp: [0.95, 0.05],
    hromada: [0.8, 0.2],
  };
  return COMPARISONS.map((c) => [...start[c.name]!]);
}

/** A histogram of comparison patterns: counts[p] pairs had pattern p (sparse: only the patterns seen). */
export class PatternHistogram {
  private readonly counts = new Map<number, number>();
  total = 0;

  add(pattern: number, count = 1): void {
    this.counts.set(pattern, (this.counts.get(pattern) ?? 0) + count);
    this.total += count;
  }

  entries(): IterableIterator<[number, number]> {
    return this.counts.entries();
  }

  get distinct(): number {
    return this.counts.size;
  }
}

/** Per-comparison level counts of a set of (random) pairs, for u-probabilities. */
export function levelCounts(patterns: Iterable<[pattern: number, count: number]>): number[][] {
  const counts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  for (const [p, n] of patterns) {
    for (let k = 0; k < RADIX.length; k++) {
      const digit = Math.floor(p / STRIDE[k]!) % RADIX[k]!;
      if (digit > 0) counts[k]![digit - 1]! += n;
    }
  }
  return counts;
}

/**
 * u-probabilities from level counts of random pairs, with add-½ smoothing (Jeffreys) so that an agreement never seen
 * in the sample (two random children sharing a birth certificate) gets a small, finite probability.
 */
export function uFromCounts(counts: number[][]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (c + 0.5) / (total + 0.5 * row.length));
  });
}

export interface EmOptions {
  /** Comparisons not estimated in this session (their levels are ignored). */
  exclude?: ReadonlySet<number>;
  maxIterations?: number;
  /** Stop when no parameter moves more than this. */
  tolerance?: number;
  /** Starting λ (the share of matches among the session's pairs). */
  lambda?: number;
  /**
   * Pseudo-pairs of a Dirichlet prior on the m-probabilities, centred on the starting m (default 20): a small
   * session (a few dozen pairs sharing an identifier) must not conclude that a level it never saw is impossible.
   */
  priorStrength?: number;
}

export interface EmResult {
  m: number[][];
  u: number[][];
  /** The share of matches among the session's pairs. */
  lambda: number;
  iterations: number;
  converged: boolean;
  /** Expected number of matches among the session's pairs. */
  expectedMatches: number;
}

/**
 * Expectation–maximisation for a two-class mixture of independent categorical fields, over a histogram of comparison
 * patterns: each E-step weighs every distinct pattern once, so the cost grows with the patterns seen, not the pairs.
 */
export function expectationMaximisation(
  histogram: PatternHistogram,
  start: { m: number[][]; u: number[][] },
  options: EmOptions = {},
): EmResult {
  const exclude = options.exclude ?? new Set<number>();
  const K = RADIX.length;
  const entries = [...histogram.entries()];
  const digits = entries.map(([p]) => {
    const d = new Int8Array(K);
    for (let k = 0; k < K; k++) d[k] = exclude.has(k) ? 0 : Math.floor(p / STRIDE[k]!) % RADIX[k]!;
    return d;
  });
  const counts = entries.map(([, n]) => n);
  let m = start.m.map((row) => [...row]);
  let u = start.u.map((row) => [...row]);
  let lambda = options.lambda ?? 0.3;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const strength = options.priorStrength ?? 20;
  let iterations = 0;
  let converged = false;
  let expected = 0;
  while (iterations < maxIterations) {
    iterations++;
    const mNum = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
    const uNum = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
    let matchMass = 0;
    let total = 0;
    for (let i = 0; i < entries.length; i++) {
      const d = digits[i]!;
      // Log domain: with nine fields the products stay far from underflow, but a ratio is cheaper and stable.
      let logRatio = Math.log(lambda) - Math.log(1 - lambda);
      for (let k = 0; k < K; k++) {
        const digit = d[k]!;
        if (digit === 0) continue;
        logRatio += Math.log(m[k]![digit - 1]!) - Math.log(u[k]![digit - 1]!);
      }
      const w = logRatio > 700 ? 1 : 1 / (1 + Math.exp(-logRatio));
      const n = counts[i]!;
      matchMass += n * w;
      total += n;
      for (let k = 0; k < K; k++) {
        const digit = d[k]!;
        if (digit === 0) continue;
        mNum[k]![digit - 1]! += n * w;
        uNum[k]![digit - 1]! += n * (1 - w);
      }
    }
    // Maximum a posteriori: the m counts get the prior's pseudo-pairs, the u counts half a pair per level.
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < mNum[k]!.length; l++) {
        mNum[k]![l]! += strength * start.m[k]![l]!;
        uNum[k]![l]! += 0.5;
      }
    }
    const normalise = (rows: number[][], previous: number[][]) =>
      rows.map((row, k) => {
        const sum = row.reduce((a, b) => a + b, 0);
        if (exclude.has(k) || sum <= 0) return [...previous[k]!];
        return row.map((x) => Math.max(PROBABILITY_FLOOR, x / sum));
      });
    const nextM = normalise(mNum, m);
    const nextU = normalise(uNum, u);
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matchMass / Math.max(total, 1)));
    let delta = Math.abs(nextLambda - lambda);
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < nextM[k]!.length; l++) {
        delta = Math.max(delta, Math.abs(nextM[k]![l]! - m[k]![l]!), Math.abs(nextU[k]![l]! - u[k]![l]!));
      }
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    expected = matchMass;
    if (delta < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, u, lambda, iterations, converged, expectedMatches: expected };
}

/**
 * The match weight (log₂ Bayes factor, without the prior) of every pattern, in one table: scoring a pair is then one
 * array read.
 */
export function patternWeights(params: Pick<FsParameters, 'm' | 'u'>): Float64Array {
  const K = RADIX.length;
  const levelWeight = COMPARISONS.map((c, k) => [
    0,
    ...c.levels.map((_, l) => Math.log2(params.m[k]![l]! / params.u[k]![l]!)),
  ]);
  const table = new Float64Array(PATTERN_COUNT);
  for (let p = 0; p < PATTERN_COUNT; p++) {
    let w = 0;
    for (let k = 0; k < K; k++) w += levelWeight[k]![Math.floor(p / STRIDE[k]!) % RADIX[k]!]!;
    table[p] = w;
  }
  return table;
}

/** log₂ of the prior odds λ / (1 − λ). */
export function priorWeight(lambda: number): number {
  return Math.log2(lambda / (1 - lambda));
}

/** The posterior probability of a match from a match weight and the prior weight. */
export function probabilityOf(weight: number, prior: number): number {
  return 1 / (1 + Math.pow(2, -(weight + prior)));
}

/** The weight of each field of a pattern (for explaining a pair on the review screen). */
export function explainPattern(
  params: Pick<FsParameters, 'm' | 'u'>,
  pattern: number,
): Array<{ comparison: string; level: string | null; weight: number }> {
  return COMPARISONS.map((c, k) => {
    const digit = Math.floor(pattern / STRIDE[k]!) % RADIX[k]!;
    if (digit === 0) return { comparison: c.name, level: null, weight: 0 };
    return {
      comparison: c.name,
      level: c.levels[digit - 1]!,
      weight: Math.log2(params.m[k]![digit - 1]! / params.u[k]![digit - 1]!),
    };
  });
}
