import { describe, expect, it } from 'vitest';
import {
  APOSTROPHE,
  LATIN_LOOKALIKES,
  canonicalName,
  fixLatinLookalikes,
  isUkrainianName,
  nameKey,
  normaliseName,
  patronymicSex,
  phoneticKey,
  unifyApostrophes,
} from './names';

describe('LATIN_LOOKALIKES', () => {
  it('maps each Latin letter to a Cyrillic letter of the same case', () => {
    for (const [latin, cyrillic] of Object.entries(LATIN_LOOKALIKES)) {
      expect(latin).toMatch(/^[A-Za-z]$/);
      expect(cyrillic).toMatch(/^[А-ЯІа-яі]$/u);
      expect(latin === latin.toUpperCase()).toBe(cyrillic === cyrillic.toUpperCase());
    }
  });
});

describe('fixLatinLookalikes', () => {
  it.each([
    ['Ceргій', 'Сергій', true], // Latin C
    ['Οлена', 'Οлена', false], // Greek omicron is not a Latin look-alike
    ['Тарас', 'Тарас', false],
    ['Taras', 'Taras', false], // an all-Latin word is left alone: it may be a real Latin name
    ['ПEТРO', 'ПЕТРО', true],
    ['', '', false],
  ])('%s → %s', (word, value, replaced) => {
    expect(fixLatinLookalikes(word)).toEqual({ value, replaced });
  });
});

describe('unifyApostrophes', () => {
  it.each([
    "Мар'яна",
    'Мар’яна',
    'Мар`яна',
    'Мар´яна',
    'Мар‘яна',
    'Марʹяна',
    'Марʻяна',
    'Марʼяна',
    'Мар′яна',
    'Мар＇яна',
    'Мар"яна',
  ])('unifies %s', (typed) => {
    expect(unifyApostrophes(typed)).toBe(`Мар${APOSTROPHE}яна`);
  });

  it('is U+02BC', () => {
    expect(APOSTROPHE.codePointAt(0)).toBe(0x02bc);
  });
});

describe('normaliseName / canonicalName', () => {
  it.each([
    ['  шевченко  ', 'Шевченко', false],
    ['ШЕВЧЕНКО', 'Шевченко', false],
    ["мар'яна", 'Марʼяна', false],
    ['ОЛЬХОВСЬКА-петренко', 'Ольховська-Петренко', false],
    ['Ольховська – Петренко', 'Ольховська-Петренко', false],
    ['Ольховська—Петренко', 'Ольховська-Петренко', false],
    ['Анна   Марія', 'Анна Марія', false],
    ['Ceргій', 'Сергій', true],
    ['Ko6ренко', 'Ко6ренко', true], // replaced, but the digit stays for validation to report
    ['', '', false],
    ['   ', '', false],
    ['-', '-', false],
  ])('%j → %j (look-alikes: %s)', (raw, value, replaced) => {
    expect(normaliseName(raw)).toEqual({ value, latinLookalikesReplaced: replaced });
    expect(canonicalName(raw)).toBe(value);
  });

  it('composes decomposed letters (NFC): й and ї typed as a base letter and a combining mark', () => {
    expect(canonicalName('Андріи\u0306')).toBe('Андрій');
    expect(canonicalName('Ї'.normalize('NFD'))).toBe('Ї');
  });

  it('is idempotent', () => {
    for (const raw of ["мар'яна", 'ОЛЬХОВСЬКА – петренко', 'Ceргій']) {
      expect(canonicalName(canonicalName(raw))).toBe(canonicalName(raw));
    }
  });
});

describe('isUkrainianName', () => {
  it.each(['Шевченко', 'Марʼяна', 'Ольховська-Петренко', 'Анна Марія', 'Ґудзь', 'Їжакевич', 'Єва', 'Дʼякон-Ґава'])(
    'accepts %s',
    (name) => {
      expect(isUkrainianName(name)).toBe(true);
    },
  );

  it.each([
    ['Taras', 'Latin'],
    ['Эдуард', 'Russian Э'],
    ['Ёлкин', 'Russian Ё'],
    ['Лыков', 'Russian Ы'],
    ['Подъячий', 'Russian Ъ'],
    ["Мар'яна", 'an apostrophe not unified'],
    ['ʼЯна', 'an apostrophe at the start'],
    ['Янаʼ', 'an apostrophe at the end'],
    ['Мар ʼяна', 'an apostrophe after a space'],
    ['-Петренко', 'a leading hyphen'],
    ['Петренко-', 'a trailing hyphen'],
    ['Ольховська--Петренко', 'a double hyphen'],
    ['Анна  Марія', 'a double space'],
    ['Іван1', 'a digit'],
    ['Іван😀', 'an emoji'],
    ['', 'nothing'],
  ])('rejects %j (%s)', (name) => {
    expect(isUkrainianName(name)).toBe(false);
  });
});

describe('patronymicSex', () => {
  it.each([
    ['Григорович', 'male'],
    ['Андрійович', 'male'],
    ['Ілліч', 'male'],
    ['Лукич', 'male'],
    ['Кузьмич', 'male'],
    ['Григорівна', 'female'],
    ['Андріївна', 'female'],
    ['Іллінічна', 'female'],
    ['Кузьминична', 'female'],
    ['Савична', 'female'],
    ['  ГРИГОРІВНА ', 'female'],
    ['Мамед-огли', null],
    ['Алі кизи', null],
    ['', null],
  ] as const)('%j → %s', (patronymic, sex) => {
    expect(patronymicSex(patronymic)).toBe(sex);
  });
});

describe('nameKey', () => {
  it('gives one key for the same name typed differently', () => {
    const keys = ["Мар'яна", 'МАРʼЯНА', 'мар’яна', 'Mapʼяна'].map(nameKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('марʼяна'.replace(APOSTROPHE, ''));
  });

  it('treats hyphens as spaces and collapses spaces', () => {
    expect(nameKey('  Ольховська–Петренко  Анна ')).toBe('ольховська петренко анна');
  });

  it('keeps ґ distinct from г', () => {
    expect(nameKey('Ґава')).not.toBe(nameKey('Гава'));
  });
});

describe('phoneticKey', () => {
  it.each([
    ['Щербак', 'Shcherbak'],
    ['Олексій', 'Oleksiy'],
    ['Юлія', 'Yulia'],
    ['Юлія', 'Yuliia'],
    ['Харків', 'Kharkiv'],
    ['Ганна', 'Hanna'],
    ['Галаган', 'Galagan'],
    ['Цибуля', 'Tsybulia'],
    ['Згурський', 'Zhurskyi'],
    ['Євген', 'Ievgen'],
    ['Їжак', 'Yizhak'],
  ])('%s and %s share a key', (cyrillic, latin) => {
    expect(phoneticKey(cyrillic)).toBe(phoneticKey(latin));
  });

  it.each([
    ['Щербак', 'scerbak'],
    ['Ґалаґан', 'halahan'],
    ['Мар’яна 2-га', 'marana ha'],
  ])('%s → %s', (name, key) => {
    expect(phoneticKey(name)).toBe(key);
  });

  it('folds и/і and е/є, which people confuse', () => {
    expect(phoneticKey('Кирило')).toBe(phoneticKey('Кірило'));
    expect(phoneticKey('Євген')).toBe(phoneticKey('Евген'));
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('Петренко')).not.toBe(phoneticKey('Петрук'));
  });
});
