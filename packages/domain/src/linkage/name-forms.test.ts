import { describe, expect, it } from 'vitest';
import { linkageNameForms, scriptOf } from './name-forms';

describe('scriptOf', () => {
  it.each([
    ['Шевченко', 'cyrillic'],
    ['Шевчeнко', 'cyrillic'], // a Latin e typed in a Cyrillic name
    ['SHEVCHENKO', 'latin'],
    ['Kovač', 'latin'],
    ['123', 'other'],
    ['', 'other'],
  ])('%s is %s', (raw, script) => expect(scriptOf(raw)).toBe(script));
});

describe('linkageNameForms', () => {
  it('gives a Cyrillic name and its passport transliteration (КМУ 2010) the same keys', () => {
    for (const [cyrillic, latin] of [
      ['Юлія', 'YULIIA'],
      ['Згурський', 'Zghurskyi'],
      ['Мар’яна', 'Mariana'],
      ['Олексій', 'Oleksii'],
      ['Щербак', 'SHCHERBAK'],
      ['Ольховська-Петренко', 'OLKHOVSKA-PETRENKO'],
    ]) {
      const c = linkageNameForms(cyrillic)!;
      const l = linkageNameForms(latin)!;
      expect(c.script).toBe('cyrillic');
      expect(l.script).toBe('latin');
      expect(l.translit, `${cyrillic} / ${latin}`).toBe(c.translit);
      expect(l.phonetic).toBe(c.phonetic);
    }
  });

  it('folds look-alike letters, apostrophes and case before transliterating', () => {
    const plain = linkageNameForms('Дарʼя')!;
    expect(linkageNameForms("ДАР'Я")).toEqual(plain);
    expect(linkageNameForms('Дapʼя')).toEqual(plain); // Latin a and p
    expect(plain.translit).toBe('daria');
  });

  it('gives older passport spellings the same phonetic key, though not the same transliteration', () => {
    const kmu = linkageNameForms('Yuliia')!;
    const old = linkageNameForms('Yulia')!;
    expect(old.translit).not.toBe(kmu.translit);
    expect(old.phonetic).toBe(kmu.phonetic);
  });

  it('strips diacritics of Latin names', () => {
    expect(linkageNameForms('Kovač')!.translit).toBe('kovac');
    expect(linkageNameForms('  Müller  ')!.translit).toBe('muller');
  });

  it('has no forms for a missing or letterless name', () => {
    expect(linkageNameForms(null)).toBeNull();
    expect(linkageNameForms(undefined)).toBeNull();
    expect(linkageNameForms('')).toBeNull();
    expect(linkageNameForms(' - ')).toBeNull();
    expect(linkageNameForms('42')).toBeNull();
  });
});
