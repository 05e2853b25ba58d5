import { describe, expect, it } from 'vitest';
import { COUNTRIES, COUNTRY_CODES, countryName, isCountryCode, UKRAINE } from './countries';

describe('COUNTRIES', () => {
  it('lists the 249 officially assigned ISO 3166-1 alpha-2 codes, sorted', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect([...COUNTRY_CODES]).toEqual([...COUNTRY_CODES].sort());
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('has a Ukrainian name in Cyrillic and an English name for every code', () => {
    for (const code of COUNTRY_CODES) {
      const { uk, en } = COUNTRIES[code];
      expect(uk, code).toMatch(/^[А-ЩЬЮЯҐЄІЇ]/u);
      expect(uk, code).not.toMatch(/[ыэёъ']/u);
      expect(en, code).toMatch(/^[A-ZÅÇ]/u);
    }
  });

  it('uses the names of Ukrainian usage for the neighbours and the usual destinations', () => {
    expect(COUNTRIES.PL.uk).toBe('Польща');
    expect(COUNTRIES.DE.uk).toBe('Німеччина');
    expect(COUNTRIES.CZ.uk).toBe('Чехія');
    expect(COUNTRIES.RO.uk).toBe('Румунія');
    expect(COUNTRIES.MD.uk).toBe('Молдова');
    expect(COUNTRIES.SK.uk).toBe('Словаччина');
    expect(COUNTRIES.HU.uk).toBe('Угорщина');
    expect(COUNTRIES.TR.uk).toBe('Туреччина');
    expect(COUNTRIES.GB.uk).toBe('Велика Британія');
    expect(COUNTRIES.US.uk).toBe('Сполучені Штати Америки');
    expect(COUNTRIES.AM.uk).toBe('Вірменія');
    expect(COUNTRIES.UA.uk).toBe('Україна');
  });

  it('writes the apostrophe as U+02BC, like names', () => {
    expect(COUNTRIES.VN.uk).toBe('Вʼєтнам');
    expect(COUNTRIES.AE.uk).toContain('ʼ');
  });
});

describe('isCountryCode', () => {
  it.each([
    ['UA', true],
    ['PL', true],
    ['AX', true],
    ['XK', false], // user-assigned, not in the standard
    ['ua', false], // codes are upper case
    ['UKR', false],
    ['', false],
    ['toString', false],
    ['__proto__', false],
  ])('%s → %s', (code, expected) => {
    expect(isCountryCode(code)).toBe(expected);
  });

  it('rejects non-strings', () => {
    expect(isCountryCode(42)).toBe(false);
    expect(isCountryCode(null)).toBe(false);
    expect(isCountryCode({})).toBe(false);
  });
});

describe('countryName', () => {
  it('names a country in Ukrainian by default and in English on request', () => {
    expect(countryName('PL')).toBe('Польща');
    expect(countryName('PL', 'en')).toBe('Poland');
  });

  it('gives null for an unassigned code', () => {
    expect(countryName('XK')).toBeNull();
  });

  it("knows Ukraine's code", () => {
    expect(UKRAINE).toBe('UA');
  });
});
