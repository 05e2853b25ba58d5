import { describe, expect, it } from 'vitest';
import { initialLanguage, interpolate, makeCatalog, translate, type Dictionary } from './core';
import { en } from './en';
import { uk } from './uk';

const dictionaries: Record<'uk' | 'en', Dictionary> = {
  uk: {
    greeting: 'Вітаємо, {name}!',
    onlyUk: 'Лише українською',
    pupils: { one: '{count} учень', few: '{count} учні', many: '{count} учнів', other: '{count} учня' },
  },
  en: {
    greeting: 'Welcome, {name}!',
    pupils: { one: '{count} pupil', other: '{count} pupils' },
  },
};

describe('translate', () => {
  it('uses the language’s own message with its parameters', () => {
    expect(translate(makeCatalog('en', dictionaries), 'greeting', { name: 'Olena' })).toBe('Welcome, Olena!');
    expect(translate(makeCatalog('uk', dictionaries), 'greeting', { name: 'Олена' })).toBe('Вітаємо, Олена!');
  });

  it('falls back to Ukrainian when a message is missing, then to the key itself', () => {
    expect(translate(makeCatalog('en', dictionaries), 'onlyUk')).toBe('Лише українською');
    expect(translate(makeCatalog('en', dictionaries), 'no.such.key')).toBe('no.such.key');
    expect(translate(makeCatalog('uk', dictionaries), 'no.such.key')).toBe('no.such.key');
    // inherited members of Object are not messages
    expect(translate(makeCatalog('en', dictionaries), 'toString')).toBe('toString');
  });

  it('chooses Ukrainian plural forms: one, few, many, and other for fractions', () => {
    const uk = makeCatalog('uk', dictionaries);
    const forms = [1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111].map((count) => translate(uk, 'pupils', { count }));
    expect(forms).toEqual([
      '1 учень',
      '2 учні',
      '4 учні',
      '5 учнів',
      '11 учнів',
      '12 учнів',
      '21 учень',
      '22 учні',
      '25 учнів',
      '101 учень',
      '111 учнів',
    ]);
    expect(translate(uk, 'pupils', { count: 1.5 })).toBe('1.5 учня');
    expect(translate(uk, 'pupils', { count: 0 })).toBe('0 учнів');
  });

  it('chooses English plural forms', () => {
    const en = makeCatalog('en', dictionaries);
    expect([0, 1, 2].map((count) => translate(en, 'pupils', { count }))).toEqual(['0 pupils', '1 pupil', '2 pupils']);
  });

  it('leaves an unknown placeholder visible', () => {
    expect(interpolate('{a} і {b}', { a: 1 })).toBe('1 і {b}');
    expect(interpolate('без параметрів {x}', undefined)).toBe('без параметрів {x}');
  });
});

describe('initialLanguage', () => {
  it('is Ukrainian unless a valid choice was stored', () => {
    expect(initialLanguage(null)).toBe('uk');
    expect(initialLanguage(undefined)).toBe('uk');
    expect(initialLanguage('de')).toBe('uk');
    expect(initialLanguage('en')).toBe('en');
    expect(initialLanguage('uk')).toBe('uk');
  });
});

describe('the portal’s dictionaries', () => {
  it('have the same keys and placeholders in both languages', () => {
    const placeholders = (m: unknown) => [...JSON.stringify(m).matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    expect(Object.keys(en).sort()).toEqual(Object.keys(uk).sort());
    for (const key of Object.keys(uk) as Array<keyof typeof uk>) {
      expect([...new Set(placeholders(en[key]))], key).toEqual([...new Set(placeholders(uk[key]))]);
    }
  });

  it('write no apostrophe as a typewriter quote in Ukrainian', () => {
    for (const [key, message] of Object.entries(uk))
      expect(JSON.stringify(message), key).not.toMatch(/[а-яіїєґ]'[а-яіїєґ]/i);
  });
});
