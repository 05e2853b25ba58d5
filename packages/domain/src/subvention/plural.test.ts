import { describe, expect, it } from 'vitest';
import { CLASSES, counted, IN_SCHOOLS, noun, PUPILS, SETTLEMENTS } from './plural';

describe('Ukrainian agreement with numbers', () => {
  it.each([
    ['1', 'учень'],
    ['21', 'учень'],
    ['101', 'учень'],
    ['11', 'учнів'],
    ['2', 'учні'],
    ['24', 'учні'],
    ['12', 'учнів'],
    ['14', 'учнів'],
    ['0', 'учнів'],
    ['5', 'учнів'],
    ['1\u00a0234', 'учні'],
    ['6\u00a0012', 'учнів'],
    ['53,3333', 'учня'],
    ['−3', 'учні'],
  ])('%s %s', (n, form) => {
    expect(noun(n, PUPILS)).toBe(form);
  });

  it('agrees other nouns and writes the count', () => {
    expect(counted(1, SETTLEMENTS)).toBe('1 населений пункт');
    expect(counted(3, SETTLEMENTS)).toBe('3 населені пункти');
    expect(counted(10n, SETTLEMENTS)).toBe('10 населених пунктів');
    expect(counted('4,6667', CLASSES)).toBe('4,6667 класу');
    expect(counted(1, IN_SCHOOLS)).toBe('1 закладі');
    expect(counted(7, IN_SCHOOLS)).toBe('7 закладах');
  });
});
