/**
 * Links the records of an extract (left) with those of a target (right: the pupil registry, or the births extract):
 * deterministically where they share an identifier (blind indexes) and the birth date and name corroborate it, then
 * probabilistically by the Fellegi–Sunter model with parameters estimated on the data (u from random pairs, m by EM),
 * over the union of the blocking passes.
 *
 * Each right record keeps its best left record. Above the upper threshold the pair is linked, between the thresholds
 * it goes to review, below the lower one it is not linked. A left record may be linked to several right records: the
 * registry can hold one child twice (two schools), which is itself a finding. Reviewers' decisions, given as pairs,
 * are applied: a "not the same child" pair is never linked again, a "same child" pair is linked whatever its score.
 *
 * Pure and deterministic: the same records, options and seed give the same result.
 */
import { BLOCKING_PASSES, BlockIndex, IDENTIFIER_PASSES, passKeys, type BlockingPass } from './blocking';
import {
  C_BIRTH,
  C_CERT,
  C_FIRST,
  C_IDENTIFIERS,
  C_LAST,
  C_MIDDLE,
  C_RNOKPP,
  C_UNZR,
  COMPARISONS,
  Comparator,
  levelOf,
  withoutComparison,
} from './comparisons';
import {
  defaultM,
  expectationMaximisation,
  levelCounts,
  PatternHistogram,
  patternWeights,
  priorWeight,
  probabilityOf,
  uFromCounts,
  type EmResult,
  type FsParameters,
} from './fellegi-sunter';
import { SampleRng } from './random';
import { orderByBirthDay, permuteRecords, type LinkageRecords } from './records';

export const METHOD_NONE = 0;
export const METHOD_IDENTIFIER = 1;
export const METHOD_PROBABILISTIC = 2;
export const METHOD_DECISION = 3;
export const METHODS = ['none', 'identifier', 'probabilistic', 'decision'] as const;

export const STATUS_NONE = 0;
export const STATUS_LINKED = 1;
export const STATUS_REVIEW = 2;
export const STATUSES = ['none', 'linked', 'review'] as const;

/** A reviewer's decision on a pair, by record indexes of this linkage. */
export interface LinkDecision {
  left: number;
  right: number;
  match: boolean;
}

export interface LinkOptions {
  /** Posterior probability at or above which a pair is linked (default 0.99). */
  upper?: number;
  /** Posterior probability below which a pair is not linked (default 0.2); in between: review. */
  lower?: number;
  seed?: number;
  /** Left records sampled for EM (default 100 000). */
  emSample?: number;
  /** Random pairs for the u-probabilities (default 1 000 000). */
  randomPairs?: number;
  /** Blocks with more right records than this are skipped (and counted). */
  maxBlock?: number;
  decisions?: readonly LinkDecision[];
  /** Reuse a model instead of estimating one (e.g. the previous version's of the same source). */
  parameters?: FsParameters;
  passes?: readonly BlockingPass[];
  /** Stages and progress over left records, for the job's progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SessionReport {
  pass: string;
  pairs: number;
  patterns: number;
  iterations: number;
  converged: boolean;
  expectedMatches: number;
  lambda: number;
}

export interface LinkStats {
  left: number;
  right: number;
  pairsByPass: Record<string, number>;
  candidatePairs: number;
  oversizedBlocks: number;
  sessions: SessionReport[];
  /** Estimated number of matching pairs (for the prior). */
  estimatedMatches: number;
  linkedByIdentifier: number;
  linkedProbabilistic: number;
  linkedByDecision: number;
  review: number;
  ambiguous: number;
  notLinked: number;
}

export interface LinkResult {
  /** Per right record: the best left record (−1 when none was a candidate). */
  best: Int32Array;
  probability: Float64Array;
  weight: Float64Array;
  pattern: Int32Array;
  method: Uint8Array;
  status: Uint8Array;
  /** Per right record: the second-best left record and its probability (ambiguity). */
  runnerUp: Int32Array;
  runnerUpProbability: Float64Array;
  parameters: FsParameters;
  upper: number;
  lower: number;
  stats: LinkStats;
}

/** EM sessions: the pass that picks the pairs and the comparisons it must not estimate (they were blocked on). */
const SESSIONS: ReadonlyArray<{ pass: string; exclude: readonly number[]; lambda: number }> = [
  { pass: 'identifiers', exclude: [C_CERT, C_UNZR, C_RNOKPP], lambda: 0.9 },
  { pass: 'birth_date+first_name+middle_name', exclude: [C_BIRTH, C_FIRST, C_MIDDLE], lambda: 0.5 },
  { pass: 'birth_date+surname_prefix+initial', exclude: [C_BIRTH, C_LAST, C_FIRST], lambda: 0.3 },
  { pass: 'birth_day_month+surname+first_name', exclude: [C_BIRTH, C_LAST, C_FIRST], lambda: 0.5 },
];

/** Fewer expected matches than this in a session, and its m-estimates are not used. */
const MIN_SESSION_MATCHES = 200;

/**
 * A pair that shares an identifier is linked without the model when the birth date agrees (exactly, swapped, or but
 * for one part) and the first name is the same or close: an identifier alone can be a sibling's typed into the wrong
 * record.
 */
export function corroborated(pattern: number): boolean {
  let shares = false;
  for (const k of C_IDENTIFIERS) if (levelOf(pattern, k) === 0) shares = true;
  if (!shares) return false;
  const birth = levelOf(pattern, C_BIRTH);
  const first = levelOf(pattern, C_FIRST);
  return birth >= 0 && birth <= 2 && first <= 3;
}

function pairKey(left: number, right: number, rightSize: number): number {
  return left * rightSize + right;
}

/** Candidate pairs of one pass for some left records (EM sessions), with the union rule of blocking.ts. */
function sessionHistogram(
  comparator: Comparator,
  passes: readonly BlockingPass[],
  passIndexes: readonly number[],
  sample: Int32Array,
  exclude: readonly number[],
  maxBlock: number,
): { histogram: PatternHistogram; pairs: number } {
  const { left, right } = comparator;
  const histogram = new PatternHistogram();
  const scratch = new Int32Array(maxBlock);
  let pairs = 0;
  for (const p of passIndexes) {
    const index = new BlockIndex(right, passes[p]!);
    for (let s = 0; s < sample.length; s++) {
      const l = sample[s]!;
      const n = index.block(passes[p]!.key(left, l), scratch);
      if (n > maxBlock) continue;
      for (let t = 0; t < n; t++) {
        const r = scratch[t]!;
        let earlier = false;
        for (const q of passIndexes) {
          if (q >= p) break;
          const k = passes[q]!.key(left, l);
          if (!Number.isNaN(k) && k === passes[q]!.key(right, r)) earlier = true;
        }
        if (earlier) continue;
        let pattern = comparator.pattern(l, r);
        for (const k of exclude) pattern = withoutComparison(pattern, k);
        histogram.add(pattern);
        pairs++;
      }
    }
  }
  return { histogram, pairs };
}

/** Estimates the model: u from random pairs, m from EM sessions, λ from the expected number of matches. */
export function estimateParameters(
  comparator: Comparator,
  options: Pick<LinkOptions, 'seed' | 'emSample' | 'randomPairs' | 'maxBlock' | 'passes'> = {},
): { parameters: FsParameters; sessions: SessionReport[]; estimatedMatches: number } {
  const { left, right } = comparator;
  const passes = options.passes ?? BLOCKING_PASSES;
  const rng = new SampleRng(options.seed ?? 1);
  const maxBlock = options.maxBlock ?? 300;
  const u = (() => {
    const random = new PatternHistogram();
    const n = Math.min(options.randomPairs ?? 1_000_000, left.size * right.size);
    for (let i = 0; i < n; i++) random.add(comparator.pattern(rng.below(left.size), rng.below(right.size)));
    return uFromCounts(levelCounts(random.entries()));
  })();
  const sample = rng.sampleIndexes(left.size, options.emSample ?? 100_000);
  const scale = left.size / Math.max(1, sample.length);
  const m = defaultM();
  const chosenFrom = new Array<number>(COMPARISONS.length).fill(-1);
  const sessions: SessionReport[] = [];
  const results: EmResult[] = [];
  let estimatedMatches = 0;
  for (const session of SESSIONS) {
    const passIndexes =
      session.pass === 'identifiers'
        ? passes.map((_, i) => i).filter((i) => i < IDENTIFIER_PASSES)
        : passes.map((p, i) => (p.name === session.pass ? i : -1)).filter((i) => i >= 0);
    if (passIndexes.length === 0) continue;
    const { histogram, pairs } = sessionHistogram(comparator, passes, passIndexes, sample, session.exclude, maxBlock);
    if (pairs === 0) {
      sessions.push({
        pass: session.pass,
        pairs: 0,
        patterns: 0,
        iterations: 0,
        converged: true,
        expectedMatches: 0,
        lambda: 0,
      });
      continue;
    }
    const em = expectationMaximisation(
      histogram,
      { m: defaultM(), u },
      {
        exclude: new Set(session.exclude),
        lambda: session.lambda,
      },
    );
    results.push(em);
    sessions.push({
      pass: session.pass,
      pairs,
      patterns: histogram.distinct,
      iterations: em.iterations,
      converged: em.converged,
      expectedMatches: em.expectedMatches * scale,
      lambda: em.lambda,
    });
    estimatedMatches = Math.max(estimatedMatches, em.expectedMatches * scale);
    if (em.expectedMatches < MIN_SESSION_MATCHES) continue;
    for (let k = 0; k < COMPARISONS.length; k++) {
      if (session.exclude.includes(k) || chosenFrom[k]! >= 0) continue;
      m[k] = em.m[k]!;
      chosenFrom[k] = sessions.length - 1;
    }
  }
  const pairsTotal = left.size * right.size;
  const matches = Math.min(Math.max(estimatedMatches, 1), Math.min(left.size, right.size) * 2);
  const lambda = Math.min(0.5, matches / pairsTotal);
  return { parameters: { m, u, lambda }, sessions, estimatedMatches };
}

/**
 * Links left records to right records.
 *
 * @example
 * const dictionary = new NameDictionary();
 * const births = buildRecords(dictionary, extractRows); // LinkageRecordsBuilder
 * const pupils = buildRecords(dictionary, registryRows);
 * const result = linkRecords(births, pupils, { seed: 1 });
 * result.best[r]; // the births record of pupil r, when result.status[r] === STATUS_LINKED
 */
export function linkRecords(left: LinkageRecords, right: LinkageRecords, options: LinkOptions = {}): LinkResult {
  const lOrder = orderByBirthDay(left);
  const rOrder = orderByBirthDay(right);
  const lInverse = new Int32Array(left.size);
  const rInverse = new Int32Array(right.size);
  lOrder.forEach((i, k) => (lInverse[i] = k));
  rOrder.forEach((i, k) => (rInverse[i] = k));
  const decisions = options.decisions?.map((d) => ({
    ...d,
    left: d.left >= 0 && d.left < left.size ? lInverse[d.left]! : -1,
    right: d.right >= 0 && d.right < right.size ? rInverse[d.right]! : -1,
  }));
  const sorted = linkInOrder(permuteRecords(left, lOrder), permuteRecords(right, rOrder), {
    ...options,
    ...(decisions ? { decisions } : {}),
  });
  // Back to the callers' record numbering.
  const R = right.size;
  const unsort = <T extends Int32Array | Float64Array | Uint8Array>(a: T, mapLeft: boolean): T => {
    const out = new (a.constructor as new (n: number) => T)(R);
    for (let k = 0; k < R; k++) {
      const v = a[k]!;
      out[rOrder[k]!] = mapLeft ? (v >= 0 ? lOrder[v]! : -1) : v;
    }
    return out;
  };
  return {
    ...sorted,
    best: unsort(sorted.best, true),
    probability: unsort(sorted.probability, false),
    weight: unsort(sorted.weight, false),
    pattern: unsort(sorted.pattern, false),
    method: unsort(sorted.method, false),
    status: unsort(sorted.status, false),
    runnerUp: unsort(sorted.runnerUp, true),
    runnerUpProbability: unsort(sorted.runnerUpProbability, false),
  };
}

/** {@link linkRecords} on records already in birth-date order. */
function linkInOrder(left: LinkageRecords, right: LinkageRecords, options: LinkOptions): LinkResult {
  const upper = options.upper ?? 0.99;
  const lower = options.lower ?? 0.2;
  if (!(lower > 0 && lower <= upper && upper < 1))
    throw new RangeError('thresholds must satisfy 0 < lower ≤ upper < 1');
  const passes = options.passes ?? BLOCKING_PASSES;
  const maxBlock = options.maxBlock ?? 300;
  const comparator = new Comparator(left, right);
  const progress = options.onProgress ?? (() => undefined);

  progress('model', 0, left.size);
  const estimated = options.parameters
    ? {
        parameters: options.parameters,
        sessions: [],
        estimatedMatches: options.parameters.lambda * left.size * right.size,
      }
    : estimateParameters(comparator, options);
  const parameters = estimated.parameters;
  const weights = patternWeights(parameters);
  const prior = priorWeight(parameters.lambda);
  // Probability and corroboration depend on the pattern alone: one table each, one read per pair.
  const patternProbability = new Float64Array(weights.length);
  const patternScore = new Float64Array(weights.length);
  for (let pt = 0; pt < weights.length; pt++) {
    patternProbability[pt] = probabilityOf(weights[pt]!, prior);
    patternScore[pt] = (corroborated(pt) ? 2 : 0) + patternProbability[pt]!;
  }

  const nonMatches = new Set<number>();
  for (const d of options.decisions ?? []) if (!d.match) nonMatches.add(pairKey(d.left, d.right, right.size));

  const R = right.size;
  const best = new Int32Array(R).fill(-1);
  const bestScore = new Float64Array(R).fill(-1);
  const pattern = new Int32Array(R);
  const runnerUp = new Int32Array(R).fill(-1);
  const runnerUpScore = new Float64Array(R).fill(-1);
  const pairsByPass: Record<string, number> = {};
  let oversizedBlocks = 0;
  let candidatePairs = 0;
  const scratch = new Int32Array(maxBlock);
  // Keys of the passes done so far, both sides: a pair an earlier pass produced is not scored again.
  const leftKeys: Float64Array[] = [];
  const rightKeys: Float64Array[] = [];

  for (let p = 0; p < passes.length; p++) {
    const pass = passes[p]!;
    const index = new BlockIndex(right, pass);
    const lk = passKeys(left, pass);
    let pairs = 0;
    for (let l = 0; l < left.size; l++) {
      if ((l & 0xffff) === 0) progress(pass.name, l, left.size);
      const key = lk[l]!;
      if (key !== key) continue; // NaN: no key
      const n = index.block(key, scratch);
      if (n > maxBlock) {
        oversizedBlocks++;
        continue;
      }
      for (let t = 0; t < n; t++) {
        const r = scratch[t]!;
        let earlier = false;
        for (let q = 0; q < p; q++) {
          if (leftKeys[q]![l] === rightKeys[q]![r]) {
            earlier = true; // NaN never equals, so a missing key never counts
            break;
          }
        }
        if (earlier) continue;
        if (nonMatches.size > 0 && nonMatches.has(pairKey(l, r, R))) continue;
        pairs++;
        const pt = comparator.pattern(l, r);
        const score = patternScore[pt]!;
        if (score > bestScore[r]!) {
          if (best[r]! >= 0) {
            runnerUp[r] = best[r]!;
            runnerUpScore[r] = bestScore[r]!;
          }
          best[r] = l;
          bestScore[r] = score;
          pattern[r] = pt;
        } else if (score > runnerUpScore[r]!) {
          runnerUp[r] = l;
          runnerUpScore[r] = score;
        }
      }
    }
    leftKeys.push(lk);
    rightKeys.push(index.allKeys);
    pairsByPass[pass.name] = pairs;
    candidatePairs += pairs;
  }
  const probability = new Float64Array(R);
  const weight = new Float64Array(R);
  const runnerUpProbability = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    if (best[r]! < 0) continue;
    probability[r] = patternProbability[pattern[r]!]!;
    weight[r] = weights[pattern[r]!]!;
    if (runnerUp[r]! >= 0) runnerUpProbability[r] = runnerUpScore[r]! >= 2 ? runnerUpScore[r]! - 2 : runnerUpScore[r]!;
  }

  const method = new Uint8Array(R);
  const status = new Uint8Array(R);
  const forced = new Set<number>();
  for (const d of options.decisions ?? []) {
    if (!d.match || d.right < 0 || d.right >= R || d.left < 0 || d.left >= left.size) continue;
    best[d.right] = d.left;
    const pt = comparator.pattern(d.left, d.right);
    pattern[d.right] = pt;
    weight[d.right] = weights[pt]!;
    probability[d.right] = probabilityOf(weights[pt]!, prior);
    bestScore[d.right] = 4;
    forced.add(d.right);
  }
  let linkedByIdentifier = 0;
  let linkedProbabilistic = 0;
  let linkedByDecision = 0;
  let review = 0;
  let ambiguous = 0;
  let notLinked = 0;
  for (let r = 0; r < R; r++) {
    if (best[r]! < 0) {
      notLinked++;
      continue;
    }
    if (forced.has(r)) {
      method[r] = METHOD_DECISION;
      status[r] = STATUS_LINKED;
      linkedByDecision++;
      continue;
    }
    const score = bestScore[r]!;
    const prob = probability[r]!;
    // Two different extract records both convincing for one registry record: a person decides.
    const contested = runnerUp[r]! >= 0 && runnerUpScore[r]! >= (score >= 2 ? 2 : upper) && runnerUp[r] !== best[r];
    if (score >= 2 && !contested) {
      method[r] = METHOD_IDENTIFIER;
      status[r] = STATUS_LINKED;
      linkedByIdentifier++;
    } else if (prob >= upper && !contested) {
      method[r] = METHOD_PROBABILISTIC;
      status[r] = STATUS_LINKED;
      linkedProbabilistic++;
    } else if (prob >= lower || contested) {
      method[r] = score >= 2 ? METHOD_IDENTIFIER : METHOD_PROBABILISTIC;
      status[r] = STATUS_REVIEW;
      review++;
      if (contested) ambiguous++;
    } else {
      notLinked++;
    }
  }
  progress('done', left.size, left.size);
  return {
    best,
    probability,
    weight,
    pattern,
    method,
    status,
    runnerUp,
    runnerUpProbability,
    parameters,
    upper,
    lower,
    stats: {
      left: left.size,
      right: R,
      pairsByPass,
      candidatePairs,
      oversizedBlocks,
      sessions: estimated.sessions,
      estimatedMatches: estimated.estimatedMatches,
      linkedByIdentifier,
      linkedProbabilistic,
      linkedByDecision,
      review,
      ambiguous,
      notLinked,
    },
  };
}

/**
 * The baseline the figures are compared with: link a right record to the first left record sharing any identifier
 * (blind index), nothing else.
 */
export function linkByIdentifiersOnly(left: LinkageRecords, right: LinkageRecords): Int32Array {
  const best = new Int32Array(right.size).fill(-1);
  const scratch = new Int32Array(64);
  const comparator = new Comparator(left, right);
  for (let p = 0; p < IDENTIFIER_PASSES; p++) {
    const pass = BLOCKING_PASSES[p]!;
    const index = new BlockIndex(left, pass);
    for (let r = 0; r < right.size; r++) {
      if (best[r]! >= 0) continue;
      const n = Math.min(index.block(pass.key(right, r), scratch), scratch.length);
      for (let t = 0; t < n; t++) {
        if (comparator.sharesIdentifier(scratch[t]!, r)) {
          best[r] = scratch[t]!;
          break;
        }
      }
    }
  }
  return best;
}
