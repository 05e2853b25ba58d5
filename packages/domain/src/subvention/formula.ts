/**
 * The formula of allocation of the education subvention among local budgets (постанова КМУ № 1088 від 27.12.2017):
 *
 *     ОСᵢ = ОС × Nрᵢ / Σⱼ Nрⱼ
 *
 * where Nрᵢ, the розрахункова кількість учнів of budget i, is [I]
 *
 *     Nрᵢ = Kск × ( Σ_levels k_I × k_level × H_base × min(N_I,level / Hн, C_level)      — group I, by class size
 *                 + Σ_groups II–VI Σ_levels k_g × k_level × N_g,level                   — the other groups
 *                 + a_ООП × N_ООП + a_мова × N_мова + a_підвезення × N_підв + a_гори × N_гори )   — adjustments
 *
 * Group I: a pupil weighs k_I × H_base / Hн — the smaller the normative class size Hн of the budget (sparse, rural
 * territories), the more a pupil weighs. Under the rule `normative-or-actual` the budget is paid for at most its actual
 * classes: when the actual class size exceeds the norm, N/Hн is replaced by the number of classes C (that is,
 * N / max(Hн, Hф)). Under `normative` the norm alone counts. Kск, the reduction coefficient, applies only where the
 * parameter set says.
 *
 * Everything is exact integer arithmetic: Nр is computed as one fraction per budget and truncated to millionths of a
 * pupil; the total is then apportioned in whole kopiyky by the Sainte-Laguë method (apportion.ts), so the parts add
 * up to the total and no budget's part falls when the total or its own pupils grow.
 */
import { apportionWebster } from './apportion';
import { parseDecimal, SCALE, type Ratio } from './decimal';
import { GROUP_IDS, LEVELS, type GroupId, type Level } from './groups';
import { budgetInputs, type BudgetInputs, type BudgetInputSet, type ExcludedSchool } from './inputs';
import type { SubventionParameters } from './parameters';
import type { RegistrySnapshot } from './snapshot';

export const ADJUSTMENTS = ['specialNeeds', 'minorityLanguage', 'transport', 'mountain'] as const;
export type Adjustment = (typeof ADJUSTMENTS)[number];

export const ADJUSTMENT_LABELS: Readonly<Record<Adjustment, string>> = {
  specialNeeds: 'учні з особливими освітніми потребами в інклюзивних класах',
  minorityLanguage: 'учні, що навчаються мовою національної меншини',
  transport: 'учні, що проживають в іншому населеному пункті (підвезення)',
  mountain: 'учні закладів у гірських населених пунктах',
};

/** One term of a budget's Nр: its numerator over the budget's common denominator. */
export interface WeightTerm {
  kind: 'group-i' | 'group' | 'adjustment';
  group: GroupId | null;
  level: Level | null;
  adjustment: Adjustment | null;
  /** Pupils counted, in twelfths. */
  pupils12: bigint;
  /** Group I: classes, in twelfths. */
  classes12: bigint | null;
  /** Group I: the actual classes were counted (actual class size above the norm). */
  byActual: boolean;
  /** The term over the budget's common denominator {@link BudgetWeight.denominator}. */
  numerator: bigint;
}

export interface BudgetWeight {
  terms: WeightTerm[];
  /** The common denominator of the terms. */
  denominator: bigint;
  /** Nр before the reduction coefficient. */
  beforeReduction: Ratio;
  /** The reduction coefficient × 10⁶, when it applies. */
  reduction: bigint | null;
  /** Nр, exact. */
  exact: Ratio;
  /** Nр in millionths of a pupil, truncated: the weight the total is apportioned by. */
  micro: bigint;
}

/** The coefficients of a parameter set as integers of millionths, read once per allocation. */
export interface Coefficients {
  byActualRule: boolean;
  base: bigint;
  level: Record<Level, bigint>;
  group: Record<GroupId, bigint>;
  adjustment: Record<Adjustment, bigint>;
  reduction: bigint;
}

export function coefficientsOf(params: SubventionParameters): Coefficients {
  return {
    byActualRule: params.classSize.rule.value === 'normative-or-actual',
    base: parseDecimal(params.classSize.referenceSize.value),
    level: Object.fromEntries(LEVELS.map((l) => [l, parseDecimal(params.levels[l].value)])) as Record<Level, bigint>,
    group: Object.fromEntries(GROUP_IDS.map((g) => [g, parseDecimal(params.groups[g].value)])) as Record<
      GroupId,
      bigint
    >,
    adjustment: Object.fromEntries(ADJUSTMENTS.map((a) => [a, parseDecimal(params.adjustments[a].value)])) as Record<
      Adjustment,
      bigint
    >,
    reduction: parseDecimal(params.reduction.coefficient.value),
  };
}

/**
 * A budget's розрахункова кількість учнів, term by term.
 *
 * With S = 10⁶, counts in twelfths (N₁₂ = 12 N) and the coefficients as integers of millionths, every term is an
 * integer over the common denominator D = S³ · 12 · Hн·S:
 * group I normative  k_I k_l H_base N₁₂ · S;   group I actual  k_I k_l H_base C₁₂ · Hн;
 * other group        k_g k_l N₁₂ · S · Hн;      adjustment      a N₁₂ · S² · Hн.
 */
export function budgetWeight(
  b: BudgetInputs,
  params: SubventionParameters,
  coefficients: Coefficients = coefficientsOf(params),
): BudgetWeight {
  const S = SCALE;
  const hn = b.norm.scaled;
  const denominator = S * S * S * 12n * hn;
  const { byActualRule, base, level, group, adjustment } = coefficients;
  const terms: WeightTerm[] = [];
  for (const g of GROUP_IDS) {
    const kg = group[g];
    for (const l of LEVELS) {
      const n12 = b.weighted.groups[g][l];
      if (n12 === 0n) continue;
      if (g === 'I') {
        const c12 = b.weighted.classes[l];
        const k = kg * level[l] * base;
        const normative = k * n12 * S;
        const actual = k * c12 * hn;
        // N/Hн > C ⇔ the actual class size N/C is above the norm: pay for the classes there are.
        const byActual = byActualRule && c12 > 0n && actual < normative;
        terms.push({
          kind: 'group-i',
          group: g,
          level: l,
          adjustment: null,
          pupils12: n12,
          classes12: c12,
          byActual,
          numerator: byActual ? actual : normative,
        });
      } else {
        terms.push({
          kind: 'group',
          group: g,
          level: l,
          adjustment: null,
          pupils12: n12,
          classes12: null,
          byActual: false,
          numerator: kg * level[l] * n12 * S * hn,
        });
      }
    }
  }
  for (const a of ADJUSTMENTS) {
    const n12 = b.weighted[a];
    if (n12 === 0n) continue;
    terms.push({
      kind: 'adjustment',
      group: null,
      level: null,
      adjustment: a,
      pupils12: n12,
      classes12: null,
      byActual: false,
      numerator: adjustment[a] * n12 * S * S * hn,
    });
  }
  const sum = terms.reduce((acc, t) => acc + t.numerator, 0n);
  const reduction = b.reduction.applies ? coefficients.reduction : null;
  const exact = reduction === null ? { num: sum, den: denominator } : { num: sum * reduction, den: denominator * S };
  return {
    terms,
    denominator,
    beforeReduction: { num: sum, den: denominator },
    reduction,
    exact,
    micro: (exact.num * S) / exact.den,
  };
}

export interface BudgetAllocation {
  inputs: BudgetInputs;
  weight: BudgetWeight;
  /** ОС × Nрᵢ / Σ Nрⱼ before rounding, kopiyky. */
  quota: Ratio;
  amountKop: bigint;
}

export interface Allocation {
  asOf: string;
  budgetYear: number;
  totalKop: bigint;
  /** Σ Nр in millionths. */
  weightSumMicro: bigint;
  budgets: BudgetAllocation[];
  excluded: ExcludedSchool[];
}

export class AllocationError extends Error {
  constructor(
    readonly code: 'NO_PUPILS',
    message: string,
  ) {
    super(message);
    this.name = 'AllocationError';
  }
}

/** Allocates the parameter set's total among budgets whose inputs are already built. */
export function allocateInputs(set: BudgetInputSet, params: SubventionParameters, asOf: string): Allocation {
  const totalKop = BigInt(params.total.value);
  const coefficients = coefficientsOf(params);
  const weights = set.budgets.map((b) => budgetWeight(b, params, coefficients));
  const weightSumMicro = weights.reduce((a, w) => a + w.micro, 0n);
  if (weightSumMicro === 0n && totalKop > 0n)
    throw new AllocationError('NO_PUPILS', 'На дату розрахунку немає учнів, за якими можна розподілити субвенцію.');
  const amounts = apportionWebster(
    totalKop,
    set.budgets.map((b, i) => ({ key: b.code, weight: weights[i]!.micro })),
  );
  return {
    asOf,
    budgetYear: params.budgetYear,
    totalKop,
    weightSumMicro,
    budgets: set.budgets.map((inputs, i) => ({
      inputs,
      weight: weights[i]!,
      quota: { num: totalKop * weights[i]!.micro, den: weightSumMicro === 0n ? 1n : weightSumMicro },
      amountKop: amounts[i]!,
    })),
    excluded: set.excluded,
  };
}

/**
 * The allocation of a parameter set's total over the registry as of the snapshot's date.
 *
 * @example
 * const a = allocate(snapshot, defaultParameters(2026));
 * a.budgets.reduce((s, b) => s + b.amountKop, 0n) === a.totalKop // always
 */
export function allocate(snapshot: RegistrySnapshot, params: SubventionParameters): Allocation {
  return allocateInputs(budgetInputs(snapshot, params), params, snapshot.asOf);
}
