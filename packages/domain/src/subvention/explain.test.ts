import { describe, expect, it } from 'vitest';
import { explainBudget } from './explain';
import { allocate } from './formula';
import { mergePatch, type SubventionParameters } from './parameters';
import { CITY, HAND, OBLAST, handParameters, handSnapshot, territory } from './testing';

describe('the explanation of a budget', () => {
  const params = handParameters();
  const a = allocate(handSnapshot(), params);
  const explain = (code: string, p = params, x = a) =>
    explainBudget(
      x,
      x.budgets.find((b) => b.inputs.code === code)!,
      p,
    );

  it('walks from the pupils to the amount, with the numbers of the worked example', () => {
    const e = explain(HAND.A);
    expect(e.steps.map((s) => s.key)).toEqual([
      'pupils',
      'density',
      'rural',
      'norm',
      'group:I:primary',
      'group:I:basic',
      'adjustment:specialNeeds',
      'adjustment:transport',
      'sum',
      'weight',
      'share',
      'quota',
      'amount',
    ]);
    const step = (key: string) => e.steps.find((s) => s.key === key)!;
    expect(step('density').expression).toBe(
      '150 учнів / 100 км² (наближення: 10 населених пунктів × 10 км²) = 1,50 учня на км²',
    );
    expect(step('norm').expression).toBe(
      'за таблицею розрахункової наповнюваності: щільність «1,5–2,2» × частка сільського населення «100 %» → 11',
    );
    expect(step('group:I:primary').expression).toBe('1 × 1 × 20 × 60 / 11 = 109,090909');
    expect(step('group:I:basic').label).toMatch(/90 учнів, 6 класів, фактична наповнюваність 15,00/);
    expect(step('group:I:basic').expression).toMatch(/1 × 1,5 × 20 × 6 класів .* = 180,000000$/);
    expect(step('weight').value).toBe('295.090909');
    expect(e.result).toMatchObject({ amountKop: 31_178_187n, weight: '295.090909', perPupilKop: 207_854n });
    expect(e.result.amountText).toBe('311\u00a0781,87 грн');
    expect(step('amount').expression).toMatch(/\+0,2112 коп\./);
    expect(e.budget).toMatchObject({
      kind: 'hromada',
      kindLabel: 'бюджет територіальної громади',
      oblastName: 'Київська',
    });
  });

  it('shows the school-size rule, the reduction coefficient and the city norm where they apply', () => {
    const c = explain(HAND.C);
    expect(c.steps.find((s) => s.key === 'small:c1')!.expression).toMatch(
      /1–9 класи, 40 учнів — менше 45.*8 з 12 місяців 2026/,
    );
    expect(c.steps.find((s) => s.key === 'group:I:primary')!.label).toMatch(/53,3333 учня, 4,6667 класу/);
    expect(c.steps.find((s) => s.key === 'reduction')!.expression).toBe('210,416667 × 0,9 = 189,375000');
    expect(c.parameters.find((p) => p.path === '/minimumSchoolSize')!.used).toBe(true);
    const kyiv = explain(CITY);
    expect(kyiv.steps.find((s) => s.key === 'norm')!.expression).toBe(
      'міський норматив: місто зі спеціальним статусом → 25',
    );
    expect(kyiv.steps.find((s) => s.key === 'adjustment:minorityLanguage')!.expression).toBe(
      '0,1 × 20 учнів = 2,000000',
    );
    expect(kyiv.parameters.find((p) => p.path === '/classSize/table')!.used).toBe(false);
    const oblast = explain(OBLAST);
    expect(oblast.steps.find((s) => s.key === 'density')!.label).toBe('Щільність учнів (усі заклади області)');
    expect(oblast.steps.find((s) => s.key === 'group:II:basic')!.expression).toBe('2 × 1,5 × 50 учнів = 150,000000');
  });

  it('says when an area comes from the parameters, and why the reduction applies', () => {
    const s = handSnapshot();
    const territories = new Map(s.territories);
    territories.set(...territory(HAND.A, 'H', { name: 'Альфівська', settlements: 10, occupied: true }));
    const p = mergePatch(params, {
      density: { areasKm2: { value: { [HAND.A]: '75' } } },
      reduction: { scope: { value: 'occupied' } },
    }) as SubventionParameters;
    const x = allocate({ ...s, territories }, p);
    const e = explain(HAND.A, p, x);
    expect(e.steps.find((st) => st.key === 'density')!.expression).toMatch(/75 км² \(площа з параметрів\)/);
    expect(e.steps.find((st) => st.key === 'reduction')!.label).toMatch(/тимчасово окупованих/);
    const listed = explain(HAND.C);
    expect(listed.steps.find((st) => st.key === 'reduction')!.label).toMatch(/у переліку параметрів/);
  });

  it('shows a negative rounding with a minus', () => {
    const e = explain(CITY);
    // 32 964 737,2434 rounds down: −0,2434 коп.
    expect(e.result.roundingKop).toBe('-0.2434');
    expect(e.steps.at(-1)!.expression).toMatch(/−0,2434 коп\./);
  });
});
