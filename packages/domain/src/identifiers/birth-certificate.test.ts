import { describe, expect, it } from 'vitest';
import { birthCertificateKey, parseUkrainianBirthCertificate } from './birth-certificate';

describe('parseUkrainianBirthCertificate', () => {
  it.each([
    // canonical
    ['І-БК', '123456', 'І-БК', '123456', []],
    ['ХІІ-ЖС', '000001', 'ХІІ-ЖС', '000001', []],
    ['IV-АБ', '654321', 'ІV-АБ', '654321', []],
    ['ХХХІХ-ЯЮ', '111111', 'ХХХІХ-ЯЮ', '111111', []],
    // Latin I, X and V in the numeral are accepted silently; lower case is raised; spaces and dashes are tidied
    ['II-БК', '123456', 'ІІ-БК', '123456', []],
    ['xiv-бк', '12 34 56', 'ХІV-БК', '123456', []],
    ['І – БК', '123456', 'І-БК', '123456', []],
    ['І_БК', '123456', 'І-БК', '123456', []],
    ['ІБК', '123456', 'І-БК', '123456', []],
    // Latin look-alikes in the letters are replaced and reported
    ['I-BK', '123456', 'І-ВК', '123456', ['SERIES_LATIN_LOOKALIKE']],
    ['І-бk', '123456', 'І-БК', '123456', ['SERIES_LATIN_LOOKALIKE']],
    ['І-PE', '123456', 'І-РЕ', '123456', ['SERIES_LATIN_LOOKALIKE']],
  ] as const)('%j %j → %j %j %j', (series, number, canonicalSeries, canonicalNumber, issues) => {
    expect(parseUkrainianBirthCertificate(series, number)).toEqual({
      series: canonicalSeries,
      number: canonicalNumber,
      issues: [...issues],
    });
  });

  it.each([
    ['IIII-БК', 'SERIES_NUMERAL'], // not a Roman numeral
    ['VX-БК', 'SERIES_NUMERAL'],
    ['L-БК', 'SERIES_NUMERAL'], // 50: more than any series
    ['C-БК', 'SERIES_NUMERAL'],
    ['І-БКК', 'SERIES_FORMAT'],
    ['І-Б', 'SERIES_FORMAT'],
    ['1-БК', 'SERIES_FORMAT'],
    ['І-ЫЭ', 'SERIES_FORMAT'], // Russian letters
    ['І-QW', 'SERIES_FORMAT'], // Latin letters with no Cyrillic twin
    ['І-Б1', 'SERIES_FORMAT'],
    ['ABC', 'SERIES_FORMAT'],
  ])('series %j → %s', (series, issue) => {
    const parsed = parseUkrainianBirthCertificate(series, '123456');
    expect(parsed.series).toBeNull();
    expect(parsed.issues).toEqual([issue]);
  });

  it.each([
    ['12345', 'NUMBER_FORMAT'],
    ['1234567', 'NUMBER_FORMAT'],
    ['12345А', 'NUMBER_FORMAT'],
    ['', 'NUMBER_MISSING'],
    ['   ', 'NUMBER_MISSING'],
  ])('number %j → %s', (number, issue) => {
    const parsed = parseUkrainianBirthCertificate('І-БК', number);
    expect(parsed.number).toBeNull();
    expect(parsed.issues).toEqual([issue]);
  });

  it('reports both parts missing', () => {
    expect(parseUkrainianBirthCertificate(null, undefined)).toEqual({
      series: null,
      number: null,
      issues: ['SERIES_MISSING', 'NUMBER_MISSING'],
    });
  });
});

describe('birthCertificateKey', () => {
  it('keys a Ukrainian certificate by its canonical series and number', () => {
    expect(birthCertificateKey('ua', 'І-БК', '123456')).toBe('UA І-БК 123456');
  });

  it('keys a foreign certificate by country and series and number stripped of separators', () => {
    expect(birthCertificateKey('foreign', 'ab-1/2', '12 345.6', 'pl')).toBe('PL AB12 123456');
    expect(birthCertificateKey('foreign', 'ab 12', '123456', 'PL')).toBe(
      birthCertificateKey('foreign', 'AB-12', '123456', 'PL'),
    );
  });

  it('keeps a place for a missing country', () => {
    expect(birthCertificateKey('foreign', '', '77', null)).toBe('  77');
    expect(birthCertificateKey('foreign', '', '77')).toBe('  77');
  });
});
