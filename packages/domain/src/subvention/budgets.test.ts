import { describe, expect, it } from 'vitest';
import { assignBudget, isOblastFounder, type SchoolFacts } from './budgets';
import { CITY, OBLAST, place } from './testing';

const H = 'UA32000000000000011';
const village = place('UA32000000000000111', 'C', H);
const kyiv = place('UA80000000000000001', 'B', CITY, CITY, 'K');
const facts = (over: Partial<SchoolFacts>): SchoolFacts => ({
  schoolType: 'gymnasium',
  ownership: 'communal',
  founder: 'Тестова сільська рада',
  status: 'operating',
  location: village,
  origin: null,
  ...over,
});
const opts = { privateSchools: 'excluded' as const };

describe('assignBudget', () => {
  it('gives a communal school to the hromada of its location', () => {
    expect(assignBudget(facts({}), opts)).toEqual({
      budgetCode: H,
      kind: 'hromada',
      basis: 'location',
      place: village,
      relocated: false,
    });
  });

  it('gives a Kyiv school to the city budget', () => {
    expect(assignBudget(facts({ location: kyiv, founder: 'Київська міська рада' }), opts)).toMatchObject({
      budgetCode: CITY,
      kind: 'city',
    });
    // A special school in Kyiv belongs to the city too: Kyiv is both hromada and oblast.
    expect(assignBudget(facts({ location: kyiv, schoolType: 'special', founder: null }), opts)).toMatchObject({
      budgetCode: CITY,
      kind: 'city',
      basis: 'special-school',
    });
  });

  it.each([
    ['Київська обласна рада', true],
    ['Львівська обласна державна адміністрація', true],
    ['Харківська обласна військова адміністрація', true],
    ['Верховна Рада Автономної Республіки Крим', true],
    ['Бучанська міська рада', false],
    ['Міністерство освіти і науки України', false],
    [null, false],
  ])('founder %j is oblast-level: %s', (founder, expected) => {
    expect(isOblastFounder(founder)).toBe(expected);
  });

  it('gives schools of oblast founders, and special schools without a local founder, to the oblast', () => {
    expect(assignBudget(facts({ founder: 'Київська обласна рада', schoolType: 'lyceum' }), opts)).toMatchObject({
      budgetCode: OBLAST,
      kind: 'oblast',
      basis: 'oblast-founder',
    });
    expect(assignBudget(facts({ schoolType: 'rehabilitation', founder: null }), opts)).toMatchObject({
      budgetCode: OBLAST,
      basis: 'special-school',
    });
    // A special school founded by a city council stays with the city's hromada.
    expect(assignBudget(facts({ schoolType: 'special', founder: 'Стрийська міська рада' }), opts)).toMatchObject({
      budgetCode: H,
      basis: 'location',
    });
    // A state school whose founder is an oblast body goes to the oblast as well.
    expect(
      assignBudget(facts({ ownership: 'state', founder: 'Київська обласна державна адміністрація' }), opts),
    ).toMatchObject({
      budgetCode: OBLAST,
    });
  });

  it('counts a relocated school where it comes from', () => {
    const origin = place('UA14000000000000333', 'M', 'UA14000000000000033', 'UA14000000000091971');
    expect(assignBudget(facts({ status: 'relocated', origin }), opts)).toEqual({
      budgetCode: 'UA14000000000000033',
      kind: 'hromada',
      basis: 'location',
      place: origin,
      relocated: true,
    });
    // Without a recorded origin it stays where it is.
    expect(assignBudget(facts({ status: 'relocated', origin: null }), opts)).toMatchObject({
      budgetCode: H,
      relocated: false,
    });
  });

  it('excludes closed, private (by default), state and unplaced schools', () => {
    expect(assignBudget(facts({ status: 'closed' }), opts)).toEqual({ excluded: 'closed' });
    expect(assignBudget(facts({ ownership: 'private', founder: 'ТОВ «Освіта»' }), opts)).toEqual({
      excluded: 'private',
    });
    expect(
      assignBudget(facts({ ownership: 'private', founder: 'ТОВ «Освіта»' }), { privateSchools: 'hromada' }),
    ).toMatchObject({
      budgetCode: H,
    });
    // A private special school is not an oblast's even under the hromada option.
    expect(
      assignBudget(facts({ ownership: 'private', schoolType: 'special', founder: null }), {
        privateSchools: 'hromada',
      }),
    ).toMatchObject({ budgetCode: H, basis: 'location' });
    expect(assignBudget(facts({ ownership: 'state', founder: 'Міністерство освіти і науки України' }), opts)).toEqual({
      excluded: 'state',
    });
    expect(assignBudget(facts({ location: null }), opts)).toEqual({ excluded: 'no-territory' });
    expect(assignBudget(facts({ location: place('UA32000000000000999', 'P', null) }), opts)).toEqual({
      excluded: 'no-territory',
    });
  });
});
