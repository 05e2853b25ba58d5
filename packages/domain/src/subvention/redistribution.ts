/**
 * Redistribution after migrations: the allocation at a snapshot date against the allocation now, and the pupil
 * movements between budgets that explain the difference. A movement is read from enrolment spells: a pupil enrolled
 * on the snapshot date in a school of budget A and enrolled now in a school of budget B (an exit and a new spell
 * elsewhere — internal displacement, a transfer, a family's move). Pupils enrolled on only one of the two dates
 * entered or left the count (first graders, graduates, departures abroad, returns).
 */
import { compareAllocations, type BudgetDelta, type Comparison } from './compare';
import type { Allocation } from './formula';

/** Pupils who were in school `fromSchoolId` on the first date and in `toSchoolId` on the second (null: in none). */
export interface SchoolFlow {
  fromSchoolId: string | null;
  toSchoolId: string | null;
  pupils: number;
  /** Of them, internally displaced persons (ВПО) by their current record. */
  internallyDisplaced: number;
}

export interface BudgetFlow {
  /** null: not counted on the snapshot date (entered the count). */
  fromCode: string | null;
  fromName: string | null;
  /** null: not counted now (left the count). */
  toCode: string | null;
  toName: string | null;
  pupils: number;
  internallyDisplaced: number;
}

export interface BudgetMovement extends BudgetDelta {
  inflow: number;
  outflow: number;
  entered: number;
  left: number;
  /** inflow + entered − outflow − left. */
  net: number;
  /** Where the budget's incoming pupils came from, largest first (up to five). */
  sources: Array<{ code: string; name: string; pupils: number }>;
  /** Where its leaving pupils went, largest first (up to five). */
  destinations: Array<{ code: string; name: string; pupils: number }>;
}

export interface Redistribution {
  comparison: Comparison;
  budgets: BudgetMovement[];
  /** Movements between budgets, largest first. */
  flows: BudgetFlow[];
  summary: {
    /** Pupils counted in one budget then and another now. */
    moved: number;
    /** Of them, internally displaced persons. */
    movedInternallyDisplaced: number;
    /** Pupils who changed school within the same budget (no money moves with them). */
    withinBudget: number;
    entered: number;
    left: number;
  };
}

/**
 * The redistribution between two allocations of the same parameters, with the movements between budgets. A school
 * belongs to the budget each allocation placed it in; a school neither counted (private, state) is outside the count.
 */
export function redistribution(
  then: Allocation,
  now: Allocation,
  flows: readonly SchoolFlow[],
  regionNames: ReadonlyMap<string, string>,
): Redistribution {
  const budgetThen = new Map<string, string>();
  for (const b of then.budgets) for (const l of b.inputs.lines) budgetThen.set(l.school.id, b.inputs.code);
  const budgetNow = new Map<string, string>();
  for (const b of now.budgets) for (const l of b.inputs.lines) budgetNow.set(l.school.id, b.inputs.code);
  const names = new Map<string, string>();
  for (const b of [...then.budgets, ...now.budgets]) names.set(b.inputs.code, b.inputs.name);

  const pairs = new Map<string, BudgetFlow>();
  let withinBudget = 0;
  for (const f of flows) {
    const from = f.fromSchoolId ? (budgetThen.get(f.fromSchoolId) ?? null) : null;
    const to = f.toSchoolId ? (budgetNow.get(f.toSchoolId) ?? null) : null;
    if (from === null && to === null) continue;
    if (from === to) {
      withinBudget += f.pupils;
      continue;
    }
    const key = `${from ?? ''}>${to ?? ''}`;
    const p = pairs.get(key) ?? {
      fromCode: from,
      fromName: from ? (names.get(from) ?? from) : null,
      toCode: to,
      toName: to ? (names.get(to) ?? to) : null,
      pupils: 0,
      internallyDisplaced: 0,
    };
    p.pupils += f.pupils;
    p.internallyDisplaced += f.internallyDisplaced;
    pairs.set(key, p);
  }
  const budgetFlows = [...pairs.values()].sort(
    (a, b) => b.pupils - a.pupils || `${a.fromCode}>${a.toCode}`.localeCompare(`${b.fromCode}>${b.toCode}`),
  );

  const comparison = compareAllocations(then, now, regionNames);
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([code, pupils]) => ({ code, name: names.get(code) ?? code, pupils }));
  const moves = new Map<
    string,
    {
      inflow: number;
      outflow: number;
      entered: number;
      left: number;
      src: Map<string, number>;
      dst: Map<string, number>;
    }
  >();
  const m = (code: string) => {
    let x = moves.get(code);
    if (!x) moves.set(code, (x = { inflow: 0, outflow: 0, entered: 0, left: 0, src: new Map(), dst: new Map() }));
    return x;
  };
  let moved = 0;
  let movedIdp = 0;
  let entered = 0;
  let left = 0;
  for (const f of budgetFlows) {
    if (f.fromCode && f.toCode) {
      moved += f.pupils;
      movedIdp += f.internallyDisplaced;
      m(f.toCode).inflow += f.pupils;
      m(f.toCode).src.set(f.fromCode, f.pupils);
      m(f.fromCode).outflow += f.pupils;
      m(f.fromCode).dst.set(f.toCode, f.pupils);
    } else if (f.toCode) {
      entered += f.pupils;
      m(f.toCode).entered += f.pupils;
    } else if (f.fromCode) {
      left += f.pupils;
      m(f.fromCode).left += f.pupils;
    }
  }
  const budgets = comparison.budgets.map((d) => {
    const x = moves.get(d.code);
    return {
      ...d,
      inflow: x?.inflow ?? 0,
      outflow: x?.outflow ?? 0,
      entered: x?.entered ?? 0,
      left: x?.left ?? 0,
      net: (x?.inflow ?? 0) + (x?.entered ?? 0) - (x?.outflow ?? 0) - (x?.left ?? 0),
      sources: x ? top(x.src) : [],
      destinations: x ? top(x.dst) : [],
    };
  });
  return {
    comparison,
    budgets,
    flows: budgetFlows,
    summary: { moved, movedInternallyDisplaced: movedIdp, withinBudget, entered, left },
  };
}
