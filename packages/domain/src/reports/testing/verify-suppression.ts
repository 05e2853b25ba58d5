/**
 * Test support: an attacker's view of a published table. Given the published values, the constraints that tie them
 * and the true values, it searches for another non-negative integer completion in which a hidden cell has a different
 * value. If none exists within the search bounds, the hidden value can be derived and the suppression failed.
 *
 * Independent of the suppression algorithm (which reasons with linear algebra over the reals): this is a depth-first
 * search over integers with constraint propagation, trying values near the true ones first. Bounded search can only
 * miss alternatives, so it can only make a test fail wrongly, never pass wrongly.
 */
import type { SumConstraint } from '../suppression';

interface Equation {
  vars: string[];
  coefs: number[];
  constant: number;
}

export interface AttackProblem {
  /** True values of every cell (published and unpublished). */
  values: ReadonlyMap<string, number>;
  constraints: readonly SumConstraint[];
  /** Cells the attacker does not see (hidden published cells and unpublished complements). */
  unknown: ReadonlySet<string>;
}

export interface AttackOptions {
  upperBound?: number;
  nodeBudget?: number;
}

function equations(p: AttackProblem): Equation[] {
  const out: Equation[] = [];
  for (const k of p.constraints) {
    const terms: Array<[string, number]> = [[k.total, 1], ...k.parts.map((id): [string, number] => [id, -1])];
    const vars: string[] = [];
    const coefs: number[] = [];
    let constant = 0;
    for (const [id, coef] of terms) {
      if (p.unknown.has(id)) {
        const i = vars.indexOf(id);
        if (i >= 0) coefs[i]! += coef;
        else {
          vars.push(id);
          coefs.push(coef);
        }
      } else constant += coef * (p.values.get(id) ?? 0);
    }
    out.push({ vars, coefs, constant });
  }
  return out;
}

class BudgetExceeded extends Error {}

/**
 * Whether the attacker can find a completion with `target` different from its true value (true = the value cannot
 * be derived). Bounds propagation over the equations (each unknown in [lo, hi]), then branching on the unknown with
 * the narrowest range, values nearest the true one first. Throws when the search budget runs out (the caller
 * treats that as a failure to prove safety).
 */
export function alternativeExists(p: AttackProblem, target: string, options: AttackOptions = {}): boolean {
  const eqs = equations(p).filter((e) => e.vars.length > 0 || e.constant !== 0);
  if (eqs.some((e) => e.vars.length === 0)) return false;
  const vars = [...new Set(eqs.flatMap((e) => e.vars))];
  if (!vars.includes(target)) return true;
  const index = new Map(vars.map((v, i) => [v, i]));
  const idx = eqs.map((e) => e.vars.map((v) => index.get(v)!));
  const truth = vars.map((v) => p.values.get(v) ?? 0);
  const maxValue = Math.max(0, ...p.values.values());
  const ub = options.upperBound ?? maxValue * 2 + 10;
  let budget = options.nodeBudget ?? 200_000;

  const tighten = (lo: number[], hi: number[]): boolean => {
    for (let round = 0; round < 1000; round++) {
      let changed = false;
      for (let k = 0; k < eqs.length; k++) {
        const e = eqs[k]!;
        const ix = idx[k]!;
        const rhs = -e.constant;
        let min = 0;
        let max = 0;
        for (let i = 0; i < ix.length; i++) {
          const a = e.coefs[i]!;
          min += a > 0 ? a * lo[ix[i]!]! : a * hi[ix[i]!]!;
          max += a > 0 ? a * hi[ix[i]!]! : a * lo[ix[i]!]!;
        }
        if (min > rhs || max < rhs) return false;
        for (let i = 0; i < ix.length; i++) {
          const a = e.coefs[i]!;
          if (a === 0) continue;
          const j = ix[i]!;
          const own = [a > 0 ? a * lo[j]! : a * hi[j]!, a > 0 ? a * hi[j]! : a * lo[j]!];
          // a·x = rhs − rest, rest ∈ [min − ownMin, max − ownMax].
          const lowAx = rhs - (max - own[1]!);
          const highAx = rhs - (min - own[0]!);
          const newLo = a > 0 ? Math.ceil(lowAx / a) : Math.ceil(highAx / a);
          const newHi = a > 0 ? Math.floor(highAx / a) : Math.floor(lowAx / a);
          if (newLo > lo[j]!) {
            lo[j] = newLo;
            changed = true;
          }
          if (newHi < hi[j]!) {
            hi[j] = newHi;
            changed = true;
          }
          if (lo[j]! > hi[j]!) return false;
        }
      }
      if (!changed) return true;
    }
    return true;
  };

  const order = (j: number, lo: number, hi: number, exclude?: number): number[] => {
    const t = Math.min(Math.max(truth[j]!, lo), hi);
    const out: number[] = [];
    for (let d = 0; t - d >= lo || t + d <= hi; d++) {
      for (const x of d === 0 ? [t] : [t - d, t + d]) if (x >= lo && x <= hi && x !== exclude) out.push(x);
    }
    return out;
  };

  const solve = (lo: number[], hi: number[]): boolean => {
    if (--budget < 0) throw new BudgetExceeded('search budget exhausted');
    if (!tighten(lo, hi)) return false;
    let pick = -1;
    for (let j = 0; j < vars.length; j++)
      if (hi[j]! > lo[j]! && (pick < 0 || hi[j]! - lo[j]! < hi[pick]! - lo[pick]!)) pick = j;
    if (pick < 0) return true;
    for (const x of order(pick, lo[pick]!, hi[pick]!)) {
      const l = [...lo];
      const h = [...hi];
      l[pick] = x;
      h[pick] = x;
      if (solve(l, h)) return true;
    }
    return false;
  };

  const t = index.get(target)!;
  const lo0 = vars.map(() => 0);
  const hi0 = vars.map(() => ub);
  if (!tighten(lo0, hi0)) return false;
  for (const x of order(t, lo0[t]!, hi0[t]!, truth[t])) {
    const l = [...lo0];
    const h = [...hi0];
    l[t] = x;
    h[t] = x;
    if (solve(l, h)) return true;
  }
  return false;
}

/** The hidden cells whose true value the attacker can derive. */
export function derivableCells(p: AttackProblem, targets: Iterable<string>, options?: AttackOptions): string[] {
  const out: string[] = [];
  for (const t of targets) if (!alternativeExists(p, t, options)) out.push(t);
  return out;
}

/** Whether every constraint holds on the true values (the constraints describe real relations). */
export function constraintsHold(values: ReadonlyMap<string, number>, constraints: readonly SumConstraint[]): boolean {
  const v = (id: string) => values.get(id) ?? 0;
  return constraints.every((k) => v(k.total) === k.parts.reduce((s, id) => s + v(id), 0));
}
