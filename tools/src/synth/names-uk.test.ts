import { describe, expect, it } from 'vitest';
import {
  BULGARIAN_NAMES,
  CRIMEAN_TATAR_NAMES,
  FATHER_NAMES,
  FEMALE_FIRST_NAMES,
  feminineSurname,
  FIRST_NAME_VARIANTS,
  HUNGARIAN_NAMES,
  MALE_FIRST_NAMES,
  patronymic,
  ROMANIAN_NAMES,
  SURNAME_GROUPS,
  SURNAMES,
  ukrainianPool,
} from './names-uk';
import { Rng } from './random';

const UKRAINIAN_WORD = /^[А-ЩЬЮЯҐЄІЇа-щьюяґєіїʼ-]+$/u;

describe('name tables', () => {
  it('have at least 150 first names of each sex, without repeats, in Ukrainian letters', () => {
    for (const list of [MALE_FIRST_NAMES, FEMALE_FIRST_NAMES]) {
      const names = list.map(([n]) => n);
      expect(names.length).toBeGreaterThanOrEqual(150);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(n).toMatch(UKRAINIAN_WORD);
      for (const [, w] of list) expect(w).toBeGreaterThan(0);
    }
    expect(MALE_FIRST_NAMES.slice(0, 5).map(([n]) => n)).toEqual(['Олександр', 'Максим', 'Артем', 'Дмитро', 'Іван']);
    expect(FEMALE_FIRST_NAMES.slice(0, 5).map(([n]) => n)).toEqual(['Анна', 'Софія', 'Марія', 'Вікторія', 'Дарина']);
  });

  it('have at least 400 distinct Ukrainian surnames, each in the class its ending says', () => {
    const all = SURNAME_GROUPS.flatMap((g) => SURNAMES[g].map(([n]) => n));
    expect(new Set(all).size).toBeGreaterThanOrEqual(400);
    expect(new Set(all).size).toBe(all.length);
    for (const n of all) expect(n).toMatch(UKRAINIAN_WORD);
    for (const [n] of SURNAMES.enko) expect(n).toMatch(/ко$/u);
    for (const [n] of SURNAMES.uk) expect(n).toMatch(/(ук|юк)$/u);
    for (const [n] of SURNAMES.sky) expect(n).toMatch(/(ськ|цьк)ий$/u);
    for (const [n] of SURNAMES.adjective) expect(n).toMatch(/(ий|ній)$/u);
    for (const [n] of SURNAMES.russian) expect(n).toMatch(/(ов|ев|єв|ін|їн)$/u);
    // Noun-type classes change for no one: their feminine is the same word.
    for (const g of ['enko', 'uk', 'western', 'noun'] as const)
      for (const [n] of SURNAMES[g]) expect(feminineSurname(n)).toBe(n);
  });

  it('pair spelling variants both ways', () => {
    for (const [a, b] of FIRST_NAME_VARIANTS) expect(FIRST_NAME_VARIANTS.get(b)).toBe(a);
  });
});

describe('feminineSurname', () => {
  it.each([
    ['Шевченко', 'Шевченко'],
    ['Ковальчук', 'Ковальчук'],
    ['Кравець', 'Кравець'],
    ['Мельник', 'Мельник'],
    ['Іванів', 'Іванів'],
    ['Романишин', 'Романишин'],
    ['Бабій', 'Бабій'],
    ['Коваль', 'Коваль'],
    ['Ковальський', 'Ковальська'],
    ['Левицький', 'Левицька'],
    ['Білий', 'Біла'],
    ['Осадчий', 'Осадча'],
    ['Задорожній', 'Задорожня'],
    ['Петров', 'Петрова'],
    ['Лебедєв', 'Лебедєва'],
    ['Ковальов', 'Ковальова'],
    ['Ільїн', 'Ільїна'],
    ['Фомін', 'Фоміна'],
    ['Умеров', 'Умерова'],
    ['Надь', 'Надь'],
    ['Попеску', 'Попеску'],
  ])('%s → %s', (male, female) => {
    expect(feminineSurname(male)).toBe(female);
  });
});

describe('patronymic', () => {
  it.each([
    ['Олександр', 'Олександрович', 'Олександрівна'],
    ['Андрій', 'Андрійович', 'Андріївна'],
    ['Сергій', 'Сергійович', 'Сергіївна'],
    ['Юрій', 'Юрійович', 'Юріївна'],
    ['Ілля', 'Ілліч', 'Іллівна'],
    ['Микола', 'Миколайович', 'Миколаївна'],
    ['Лука', 'Лукич', 'Луківна'],
    ['Сава', 'Савович', 'Савівна'],
    ['Яків', 'Якович', 'Яківна'],
    ['Григорій', 'Григорович', 'Григорівна'],
    // Кузьмівна, not the Russian-modelled «Кузьминична» (Правопис 2019).
    ['Кузьма', 'Кузьмич', 'Кузьмівна'],
    ['Хома', 'Хомич', 'Хомівна'],
    ['Федір', 'Федорович', 'Федорівна'],
    ['Ігор', 'Ігорьович', 'Ігорівна'],
    ['Василь', 'Васильович', 'Василівна'],
    ['Михайло', 'Михайлович', 'Михайлівна'],
    ['Павло', 'Павлович', 'Павлівна'],
    ['Петро', 'Петрович', 'Петрівна'],
    ['Микита', 'Микитович', 'Микитівна'],
    ['Вʼячеслав', 'Вʼячеславович', 'Вʼячеславівна'],
    ['Лев', 'Левович', 'Левівна'],
    ['Ласло', 'Ласлович', 'Ласлівна'],
    ['Міхай', 'Міхайович', 'Міхаївна'],
    ['Дьордь', 'Дьордьович', 'Дьордівна'],
    ['Мустафа', 'Мустафович', 'Мустафівна'],
  ])('%s → %s / %s', (father, son, daughter) => {
    expect(patronymic(father, 'male')).toBe(son);
    expect(patronymic(father, 'female')).toBe(daughter);
  });

  it('is defined for every father name of every pool', () => {
    const rng = Rng.fromSeed(1);
    const pools = [
      ukrainianPool({ enko: 1, uk: 1, western: 1, noun: 1, sky: 1, adjective: 1, russian: 1 }),
      HUNGARIAN_NAMES,
      ROMANIAN_NAMES,
      CRIMEAN_TATAR_NAMES,
      BULGARIAN_NAMES,
    ];
    for (const [name] of FATHER_NAMES) {
      expect(patronymic(name, 'male')).toMatch(/(ович|ич|іч)$/u);
      expect(patronymic(name, 'female')).toMatch(/(івна|ївна)$/u);
    }
    for (const pool of pools) {
      for (const name of pool.fathers.items) {
        expect(patronymic(name, 'male')).toMatch(/(ович|ич|іч)$/u);
        expect(patronymic(name, 'female')).toMatch(/(івна|ївна)$/u);
      }
      expect(pool.male.sample(rng)).toMatch(UKRAINIAN_WORD);
    }
  });

  it('refuses a name it has no rule for', () => {
    expect(() => patronymic('Ендре', 'male')).toThrow(/no patronymic rule/);
  });
});
