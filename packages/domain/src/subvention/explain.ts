/**
 * The explanation of one budget's amount, step by step, in the manner of the ministry's information note
 * («інформаційна довідка» to each local budget): every input, every step of the formula with its numbers, the result.
 * Text is Ukrainian; numbers are exact values rounded only for display.
 */
import { BUDGET_KIND_LABELS, type BudgetKind } from './budgets';
import { bandLabels } from './class-size-table';
import { decimalToText, integerToText, parseDecimal, ratioToPlain, ratioToText, SCALE, type Ratio } from './decimal';
import { ADJUSTMENT_LABELS, type Allocation, type BudgetAllocation } from './formula';
import { GROUP_LABELS, LEVEL_LABELS } from './groups';
import { formatUah } from './money';
import { CLASSES, counted, IN_SCHOOLS, PUPILS, SETTLEMENTS } from './plural';
import { parameterEntries, type ParameterEntry, type SubventionParameters } from './parameters';

export interface ExplanationStep {
  key: string;
  label: string;
  /** The calculation with its numbers, in Ukrainian notation. */
  expression: string;
  /** The step's result as plain decimal text (machine-readable). */
  value: string;
}

export interface Explanation {
  budget: {
    code: string;
    name: string;
    kind: BudgetKind;
    kindLabel: string;
    oblastCode: string;
    oblastName: string;
  };
  result: {
    amountKop: bigint;
    amountText: string;
    /** Nр, plain decimal (6 places). */
    weight: string;
    /** Nр / Σ Nр, plain decimal (12 places). */
    share: string;
    /** The exact proportional amount, kopiyky (4 places). */
    quotaKop: string;
    /** Amount minus exact share, kopiyky (4 places): what rounding to whole kopiyky added or took. */
    roundingKop: string;
    perPupilKop: bigint | null;
  };
  steps: ExplanationStep[];
  /** The parameters with source and flag; `used` marks those this budget's calculation relied on. */
  parameters: Array<ParameterEntry & { used: boolean }>;
}

const NORM_REASONS = {
  table: 'за таблицею розрахункової наповнюваності',
  'city-special-status': 'міський норматив: місто зі спеціальним статусом',
  'city-listed': 'міський норматив: бюджет у переліку міст',
  'city-urban-hromada': 'міський норматив: громада з містом, де частка учнів сільських закладів не перевищує порогу',
} as const;

/** A count in twelfths as text: whole when it is whole. */
function countText(n12: bigint): string {
  return n12 % 12n === 0n ? integerToText(n12 / 12n) : ratioToText({ num: n12, den: 12n }, 4);
}
const dec = (v: string) => decimalToText(parseDecimal(v));
const ratio6 = (r: Ratio) => ratioToText(r, 6);

/**
 * Explains one budget of an allocation.
 *
 * @example explainBudget(allocation, allocation.budgets[0], params).steps.map((s) => s.label)
 */
export function explainBudget(allocation: Allocation, b: BudgetAllocation, params: SubventionParameters): Explanation {
  const i = b.inputs;
  const w = b.weight;
  const steps: ExplanationStep[] = [];
  const used = new Set<string>(['/total', '/classSize/referenceSize']);
  const step = (key: string, label: string, expression: string, value: string) =>
    steps.push({ key, label, expression, value });

  step(
    'pupils',
    `Учні закладів бюджету на ${allocation.asOf}`,
    `${counted(integerToText(i.pupils), PUPILS)} у ${counted(integerToText(i.lines.length), IN_SCHOOLS)}`,
    String(i.pupils),
  );
  for (const l of i.lines) {
    if (!l.smallSchool) continue;
    used.add('/minimumSchoolSize');
    step(
      `small:${l.school.id}`,
      `Правило мінімальної кількості учнів: ${l.school.name}`,
      `${l.smallSchool.span} класи, ${counted(integerToText(l.pupils), PUPILS)} — менше ${l.smallSchool.minPupils}: з ${params.minimumSchoolSize.value.effectiveFrom} субвенція не спрямовується; учні враховуються за ${l.smallSchool.keptMonths} з 12 місяців ${params.budgetYear} р.`,
      `${l.smallSchool.keptMonths}/12`,
    );
  }

  const ind = i.indicators;
  const scope = ind.scope === 'oblast' ? ' (усі заклади області)' : '';
  const area =
    ind.areaSource === 'parameter'
      ? `${decimalToText(ind.areaScaled)} км² (площа з параметрів)`
      : `${decimalToText(ind.areaScaled)} км² (наближення: ${counted(integerToText(Math.max(1, ind.settlements)), SETTLEMENTS)} × ${dec(params.density.km2PerSettlement.value)} км²)`;
  used.add(ind.areaSource === 'parameter' ? '/density/areasKm2' : '/density/km2PerSettlement');
  step(
    'density',
    `Щільність учнів${scope}`,
    `${counted(integerToText(ind.pupils), PUPILS)} / ${area} = ${ratioToText(ind.density, 2)} учня на км²`,
    ratioToPlain(ind.density, 4),
  );
  step(
    'rural',
    `Частка учнів сільських закладів${scope}`,
    `${integerToText(ind.ruralPupils)} / ${integerToText(ind.pupils)} × 100 = ${ratioToText(ind.ruralSharePct, 2)} %`,
    ratioToPlain(ind.ruralSharePct, 4),
  );
  const hn = decimalToText(i.norm.scaled);
  if (i.norm.cell) {
    used.add('/classSize/table');
    const labels = bandLabels(params.classSize.table.value);
    step(
      'norm',
      'Розрахункова наповнюваність класів Hн',
      `${NORM_REASONS.table}: щільність «${labels.density[i.norm.cell.densityBand]}» × частка сільського населення «${labels.rural[i.norm.cell.ruralBand]} %» → ${hn}`,
      ratioToPlain({ num: i.norm.scaled, den: SCALE }, 2),
    );
  } else {
    used.add('/classSize/cityNorm');
    used.add('/classSize/cityBudgets');
    step(
      'norm',
      'Розрахункова наповнюваність класів Hн',
      `${NORM_REASONS[i.norm.source]} → ${hn}`,
      ratioToPlain({ num: i.norm.scaled, den: SCALE }, 2),
    );
  }

  const base = dec(params.classSize.referenceSize.value);
  for (const t of w.terms) {
    const value = { num: t.numerator, den: w.denominator };
    if (t.kind === 'group-i' && t.level) {
      used.add('/groups/I').add(`/levels/${t.level}`).add('/classSize/rule');
      const kI = dec(params.groups.I.value);
      const kl = dec(params.levels[t.level].value);
      const c12 = t.classes12 ?? 0n;
      const actual = c12 > 0n ? `, фактична наповнюваність ${ratioToText({ num: t.pupils12, den: c12 }, 2)}` : '';
      const tail = t.byActual
        ? `${counted(countText(c12), CLASSES)} (фактична наповнюваність вища за Hн: оплачуються наявні класи)`
        : `${countText(t.pupils12)} / ${hn}`;
      step(
        `group:I:${t.level}`,
        `Група I, ${LEVEL_LABELS[t.level]}: ${counted(countText(t.pupils12), PUPILS)}, ${counted(countText(c12), CLASSES)}${actual}`,
        `${kI} × ${kl} × ${base} × ${tail} = ${ratio6(value)}`,
        ratioToPlain(value, 6),
      );
    } else if (t.kind === 'group' && t.group && t.level) {
      used.add(`/groups/${t.group}`).add(`/levels/${t.level}`);
      step(
        `group:${t.group}:${t.level}`,
        `Група ${t.group} (${GROUP_LABELS[t.group]}), ${LEVEL_LABELS[t.level]}`,
        `${dec(params.groups[t.group].value)} × ${dec(params.levels[t.level].value)} × ${counted(countText(t.pupils12), PUPILS)} = ${ratio6(value)}`,
        ratioToPlain(value, 6),
      );
    } else if (t.adjustment) {
      used.add(`/adjustments/${t.adjustment}`);
      if (t.adjustment === 'minorityLanguage') used.add('/adjustments/minorityLanguages');
      if (t.adjustment === 'mountain') used.add('/adjustments/mountainSettlements');
      step(
        `adjustment:${t.adjustment}`,
        `Надбавка: ${ADJUSTMENT_LABELS[t.adjustment]}`,
        `${dec(params.adjustments[t.adjustment].value)} × ${counted(countText(t.pupils12), PUPILS)} = ${ratio6(value)}`,
        ratioToPlain(value, 6),
      );
    }
  }
  step('sum', 'Сума складових', `Σ = ${ratio6(w.beforeReduction)}`, ratioToPlain(w.beforeReduction, 6));
  if (w.reduction !== null) {
    used.add('/reduction/coefficient').add('/reduction/scope');
    const why =
      i.reduction.reason === 'occupied' ? 'територія в переліку тимчасово окупованих' : 'бюджет у переліку параметрів';
    step(
      'reduction',
      `Коефіцієнт скорочення (${why})`,
      `${ratio6(w.beforeReduction)} × ${decimalToText(w.reduction)} = ${ratio6(w.exact)}`,
      ratioToPlain(w.exact, 6),
    );
  }
  const weight = { num: w.micro, den: SCALE };
  step(
    'weight',
    'Розрахункова кількість учнів Nр',
    `${ratio6(w.exact)}, з точністю до мільйонної частки учня: ${ratio6(weight)}`,
    ratioToPlain(weight, 6),
  );
  const share = { num: w.micro, den: allocation.weightSumMicro === 0n ? 1n : allocation.weightSumMicro };
  step(
    'share',
    'Частка бюджету Nр / ΣNр',
    `${ratio6(weight)} / ${ratio6({ num: allocation.weightSumMicro, den: SCALE })} = ${ratioToText(share, 10)}`,
    ratioToPlain(share, 12),
  );
  step(
    'quota',
    'Обсяг за формулою ОС × Nр / ΣNр',
    `${formatUah(allocation.totalKop)} × ${ratioToText(share, 10)} = ${ratioToText(b.quota, 4)} коп.`,
    ratioToPlain(b.quota, 4),
  );
  const rounding: Ratio = { num: b.amountKop * b.quota.den - b.quota.num, den: b.quota.den };
  const roundingText =
    rounding.num < 0n
      ? `−${ratioToText({ num: -rounding.num, den: rounding.den }, 4)}`
      : `+${ratioToText(rounding, 4)}`;
  step(
    'amount',
    'Обсяг субвенції бюджету (округлення до копійки методом Сент-Лагю)',
    `${formatUah(b.amountKop)} (${roundingText} коп. від точної частки; сума всіх бюджетів дорівнює ОС)`,
    b.amountKop.toString(),
  );

  return {
    budget: {
      code: i.code,
      name: i.name,
      kind: i.kind,
      kindLabel: BUDGET_KIND_LABELS[i.kind],
      oblastCode: i.oblastCode,
      oblastName: i.oblastName,
    },
    result: {
      amountKop: b.amountKop,
      amountText: formatUah(b.amountKop),
      weight: ratioToPlain(weight, 6),
      share: ratioToPlain(share, 12),
      quotaKop: ratioToPlain(b.quota, 4),
      roundingKop:
        rounding.num < 0n
          ? `-${ratioToPlain({ num: -rounding.num, den: rounding.den }, 4)}`
          : ratioToPlain(rounding, 4),
      perPupilKop: i.pupils > 0 ? b.amountKop / BigInt(i.pupils) : null,
    },
    steps,
    parameters: parameterEntries(params).map((e) => ({ ...e, used: used.has(e.path) })),
  };
}
