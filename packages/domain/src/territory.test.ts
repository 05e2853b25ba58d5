import { describe, expect, it } from 'vitest';
import {
  HOSTILITY_KINDS,
  HOSTILITY_KIND_LABELS,
  KATOTTG_PATTERN,
  TERRITORY_CATEGORIES,
  URBAN_CATEGORIES,
  isKatottg,
  isTerritoryCategory,
  parseCodifierRow,
  periodCovers,
  territoryDisplayName,
  type TerritoryCategory,
} from './territory';

describe('isKatottg', () => {
  it.each([
    ['UA80000000000093317', true],
    ['UA14020010010059145', true],
    ['ua80000000000093317', false],
    ['UA8000000000009331', false],
    ['UA800000000000933170', false],
    ['UA8000000000009331X', false],
    [' UA80000000000093317', false],
    ['', false],
  ])('%j → %s', (code, expected) => {
    expect(isKatottg(code)).toBe(expected);
    expect(KATOTTG_PATTERN.test(code)).toBe(expected);
  });
});

describe('isTerritoryCategory', () => {
  it('knows the nine categories of the codifier', () => {
    expect(Object.keys(TERRITORY_CATEGORIES).sort()).toEqual(['B', 'C', 'H', 'K', 'M', 'O', 'P', 'T', 'X']);
    for (const c of Object.keys(TERRITORY_CATEGORIES)) expect(isTerritoryCategory(c)).toBe(true);
  });

  it.each(['Z', 'o', '', 'toString'])('rejects %j', (c) => {
    expect(isTerritoryCategory(c)).toBe(false);
  });

  it('counts cities, special-status cities, their districts and селища as urban', () => {
    expect([...URBAN_CATEGORIES].sort()).toEqual(['B', 'K', 'M', 'T', 'X']);
  });
});

describe('parseCodifierRow', () => {
  const row = (line: string) => line.split(';');

  it('reads an oblast', () => {
    expect(parseCodifierRow(row('UA01000000000013043;;;;;O;Автономна Республіка Крим'))).toEqual({
      code: 'UA01000000000013043',
      parentCode: null,
      level: 1,
      category: 'O',
      name: 'Автономна Республіка Крим',
    });
  });

  it('reads a hromada and trims its name', () => {
    expect(
      parseCodifierRow(row('UA01000000000013043;UA01020000000022387;UA01020010000048857;;;H;Андріївська ')),
    ).toEqual({
      code: 'UA01020010000048857',
      parentCode: 'UA01020000000022387',
      level: 3,
      category: 'H',
      name: 'Андріївська',
    });
  });

  it('reads a settlement at level 4', () => {
    const entry = parseCodifierRow(
      row('UA01000000000013043;UA01020000000022387;UA01020010000048857;UA01020010020030666;;X;Сонячний'),
    );
    expect(entry).toMatchObject({ code: 'UA01020010020030666', parentCode: 'UA01020010000048857', level: 4 });
  });

  it("gives a Kyiv district Kyiv as its parent, although Kyiv's code repeats in every level", () => {
    const entry = parseCodifierRow(
      row(
        'UA80000000000093317;UA80000000000093317;UA80000000000093317;UA80000000000093317;UA80000000000126643;B;Голосіївський',
      ),
    );
    expect(entry).toEqual({
      code: 'UA80000000000126643',
      parentCode: 'UA80000000000093317',
      level: 5,
      category: 'B',
      name: 'Голосіївський',
    });
  });

  it('takes the parent from the nearest filled level before the code, skipping an empty one', () => {
    expect(parseCodifierRow(row(';UA01020000000022387;;;;P;Бахчисарайський'))).toMatchObject({
      code: 'UA01020000000022387',
      parentCode: null,
      level: 2,
    });
  });

  it.each([
    ['no code at all', ';;;;;O;Ніщо'],
    ['a malformed code', 'UA0100000000001304;;;;;O;Крим'],
    ['an unknown category', 'UA01000000000013043;;;;;Z;Крим'],
    ['no name', 'UA01000000000013043;;;;;O; '],
    ['a row of the code only', 'UA01000000000013043'],
    ['a row without the name column', 'UA01000000000013043;;;;;O'],
    [
      'the header',
      'Перший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;Категорія об’єкта;Назва об’єкта',
    ],
  ])('rejects %s', (_why, line) => {
    expect(parseCodifierRow(row(line))).toBeNull();
  });
});

describe('territoryDisplayName', () => {
  it.each([
    ['O', 'Київська', 'Київська область'],
    ['O', 'Автономна Республіка Крим', 'Автономна Республіка Крим'],
    ['K', 'Київ', 'м. Київ'],
    ['M', 'Бахмут', 'м. Бахмут'],
    ['P', 'Бахмутський', 'Бахмутський район'],
    ['H', 'Бахмутська', 'Бахмутська територіальна громада'],
    ['X', 'Сонячний', 'с-ще Сонячний'],
    ['T', 'Слобожанське', 'смт Слобожанське'],
    ['C', 'Андріївка', 'с. Андріївка'],
    ['B', 'Голосіївський', 'Голосіївський район'],
  ] as const)('%s %s → %s', (category: TerritoryCategory, name, display) => {
    expect(territoryDisplayName(category, name)).toBe(display);
  });
});

describe('hostility kinds', () => {
  it('label every kind of the list in both languages', () => {
    expect(Object.keys(HOSTILITY_KIND_LABELS)).toEqual([...HOSTILITY_KINDS]);
    for (const kind of HOSTILITY_KINDS) {
      expect(HOSTILITY_KIND_LABELS[kind].uk).toMatch(/^[а-яіїєґ]/u);
      expect(HOSTILITY_KIND_LABELS[kind].en).toMatch(/^[a-z]/);
    }
  });
});

describe('periodCovers', () => {
  it.each([
    [{ start: '2022-02-24', end: '2023-12-12' }, '2022-02-24', true],
    [{ start: '2022-02-24', end: '2023-12-12' }, '2023-12-12', true],
    [{ start: '2022-02-24', end: '2023-12-12' }, '2022-02-23', false],
    [{ start: '2022-02-24', end: '2023-12-12' }, '2023-12-13', false],
    [{ start: '2023-12-13', end: null }, '2030-01-01', true],
    [{ start: null, end: '2020-01-01' }, '1999-01-01', true],
    [{ start: null, end: null }, '2025-01-01', true],
  ])('%j on %s → %s', (period, date, expected) => {
    expect(periodCovers(period, date)).toBe(expected);
  });
});
