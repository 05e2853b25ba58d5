import { describe, expect, it } from 'vitest';
import { isClassLetter, normaliseClassLetter } from './class-letter';

describe('isClassLetter', () => {
  it.each([
    'А',
    'Б',
    'В',
    'Г',
    'Ґ',
    'Д',
    'Е',
    'Є',
    'Ж',
    'З',
    'И',
    'І',
    'Ї',
    'Й',
    'К',
    'Щ',
    'Ю',
    'Я',
    '1',
    '9',
    '10',
    '99',
  ])('accepts %s', (value) => {
    expect(isClassLetter(value)).toBe(true);
  });

  it.each(['Ь', 'Ъ', 'Ы', 'Э', 'Ё', 'а', 'A', 'АБ', '5-А', '0', '01', '100', '', ' А'])('rejects %j', (value) => {
    expect(isClassLetter(value)).toBe(false);
  });
});

describe('normaliseClassLetter', () => {
  it.each([
    [' а ', 'А', false],
    ['б', 'Б', false],
    ['A', 'А', true],
    ['a', 'А', true],
    ['b', 'В', true],
    ['I', 'І', true],
    ['K', 'К', true],
    ['1', '1', false],
    ['Ь', 'Ь', false],
    ['Q', 'Q', false],
  ])('%j → %s (replaced: %s)', (raw, value, replaced) => {
    expect(normaliseClassLetter(raw)).toEqual({ value, latinLookalikeReplaced: replaced });
  });
});
