import { describe, expect, it } from 'vitest';
import { decodeBudgetInputs, encodeBudgetInputs, type StoredBudgetInputs } from './codec';
import { budgetWeight } from './formula';
import { budgetInputs } from './inputs';
import { handParameters, handSnapshot } from './testing';

describe('stored budget inputs', () => {
  it('survive JSON and give the same Nр', () => {
    const params = handParameters();
    for (const b of budgetInputs(handSnapshot(), params).budgets) {
      const back = decodeBudgetInputs(JSON.parse(JSON.stringify(encodeBudgetInputs(b))) as StoredBudgetInputs);
      expect(budgetWeight(back, params)).toEqual(budgetWeight(b, params));
      expect(back.weighted).toEqual(b.weighted);
      expect(back.indicators).toEqual(b.indicators);
      expect(back.lines.map((l) => [l.school.id, l.place, l.relocated, l.smallSchool])).toEqual(
        b.lines.map((l) => [l.school.id, l.place, l.relocated, l.smallSchool]),
      );
    }
  });

  it('keep a relocated school’s place as its origin', () => {
    const b = budgetInputs(handSnapshot(), handParameters()).budgets[0]!;
    const stored = encodeBudgetInputs(b);
    stored.lines[0]!.relocated = true;
    const line = decodeBudgetInputs(stored).lines[0]!;
    expect(line.school.origin).toEqual(line.place);
    expect(line.school.location).toBeNull();
  });
});
