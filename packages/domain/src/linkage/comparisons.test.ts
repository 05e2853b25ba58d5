import { describe, expect, it } from 'vitest';
import {
  C_BIRTH,
  C_CERT,
  C_FIRST,
  C_HROMADA,
  C_LAST,
  C_MIDDLE,
  C_RNOKPP,
  C_SEX,
  C_UNZR,
  COMPARISONS,
  Comparator,
  levelOf,
  packPattern,
  PATTERN_COUNT,
  unpackPattern,
  withoutComparison,
} from './comparisons';
import { NameDictionary } from './dictionary';
import { LinkageRecordsBuilder, type LinkageInput } from './records';

const taras: LinkageInput = {
  lastName: 'Шевченко',
  firstName: 'Тарас',
  middleName: 'Григорович',
  birthDate: '2014-03-09',
  sex: 'male',
  hromada: 7,
  birthCertificate: '00112233445566778899aabbccddeeff',
  unzr: Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex'),
  rnokpp: null,
};

function pair(a: LinkageInput, b: LinkageInput): number[] {
  const d = new NameDictionary();
  const l = new LinkageRecordsBuilder(d);
  const r = new LinkageRecordsBuilder(d);
  l.add(a);
  r.add(b);
  return unpackPattern(new Comparator(l.build(), r.build()).pattern(0, 0));
}

describe('patterns', () => {
  it('pack and unpack every comparison vector', () => {
    expect(PATTERN_COUNT).toBe(COMPARISONS.reduce((a, c) => a * (c.levels.length + 1), 1));
    const gamma = [4, -1, 2, 1, 0, -1, 1, 0, -1];
    const p = packPattern(gamma);
    expect(unpackPattern(p)).toEqual(gamma);
    expect(levelOf(p, C_MIDDLE)).toBe(2);
    expect(levelOf(withoutComparison(p, C_MIDDLE), C_MIDDLE)).toBe(-1);
    expect(unpackPattern(packPattern(new Array(9).fill(-1)))).toEqual(new Array(9).fill(-1));
  });
});

describe('Comparator', () => {
  it('finds a record equal to itself on every field it has', () => {
    const g = pair(taras, taras);
    expect(g[C_LAST]).toBe(0);
    expect(g[C_FIRST]).toBe(0);
    expect(g[C_MIDDLE]).toBe(0);
    expect(g[C_BIRTH]).toBe(0);
    expect(g[C_SEX]).toBe(0);
    expect(g[C_CERT]).toBe(0);
    expect(g[C_UNZR]).toBe(0);
    expect(g[C_RNOKPP]).toBe(-1); // missing on both sides
    expect(g[C_HROMADA]).toBe(0);
  });

  it('grades name differences: transliteration, phonetic key, Jaro–Winkler', () => {
    // Border record: Latin script, no patronymic, КМУ 2010 transliteration → exact.
    const border = pair(taras, { ...taras, lastName: 'SHEVCHENKO', firstName: 'TARAS', middleName: null });
    expect(border[C_LAST]).toBe(0);
    expect(border[C_FIRST]).toBe(0);
    expect(border[C_MIDDLE]).toBe(-1);
    // и/і confusion: the same phonetic key.
    expect(pair(taras, { ...taras, lastName: 'Шевченкo' })[C_LAST]).toBe(0); // Latin o folded
    expect(pair(taras, { ...taras, firstName: 'Тарис' })[C_FIRST]).toBeGreaterThanOrEqual(2);
    expect(pair({ ...taras, lastName: 'Кирилюк' }, { ...taras, lastName: 'Кірілюк' })[C_LAST]).toBe(1);
    expect(pair(taras, { ...taras, lastName: 'Шевчеко' })[C_LAST]).toBe(2); // a dropped letter
    expect(pair(taras, { ...taras, lastName: 'Бондаренко' })[C_LAST]).toBe(4);
    expect(pair(taras, { ...taras, middleName: 'Петрович' })[C_MIDDLE]).toBe(3);
  });

  it('grades birth dates, sex, identifiers and residence', () => {
    expect(pair(taras, { ...taras, birthDate: '2014-09-03' })[C_BIRTH]).toBe(1);
    expect(pair(taras, { ...taras, birthDate: '2014-03-19' })[C_BIRTH]).toBe(2);
    expect(pair(taras, { ...taras, birthDate: '2014-12-01' })[C_BIRTH]).toBe(3);
    expect(pair(taras, { ...taras, birthDate: '2010-01-01' })[C_BIRTH]).toBe(4);
    expect(pair(taras, { ...taras, birthDate: null })[C_BIRTH]).toBe(-1);
    expect(pair(taras, { ...taras, sex: 'female' })[C_SEX]).toBe(1);
    expect(pair(taras, { ...taras, sex: null })[C_SEX]).toBe(-1);
    expect(pair(taras, { ...taras, birthCertificate: 'ff112233445566778899aabbccddeeff' })[C_CERT]).toBe(1);
    expect(pair(taras, { ...taras, hromada: 8 })[C_HROMADA]).toBe(1);
    expect(pair(taras, { ...taras, hromada: null })[C_HROMADA]).toBe(-1);
  });

  it('refuses sides with different dictionaries', () => {
    const a = new LinkageRecordsBuilder(new NameDictionary()).build();
    const b = new LinkageRecordsBuilder(new NameDictionary()).build();
    expect(() => new Comparator(a, b)).toThrow(/dictionary/);
  });

  it('caches similarities without changing them', () => {
    const d = new NameDictionary();
    const l = new LinkageRecordsBuilder(d);
    const names = ['Коваленко', 'Ковальчук', 'Коваль', 'Кравченко', 'Кравчук', 'Бондар'];
    for (const n of names) l.add({ ...taras, lastName: n });
    const recs = l.build();
    const c = new Comparator(recs, recs);
    const first = names.map((_, i) => names.map((__, j) => c.similarity(recs.lastP[i]!, recs.lastP[j]!)));
    const again = names.map((_, i) => names.map((__, j) => c.similarity(recs.lastP[j]!, recs.lastP[i]!)));
    expect(again).toEqual(first);
  });
});
