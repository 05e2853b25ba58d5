/**
 * Builders of registry snapshots for the tests of the subvention engine: schools, cells and territories with fixed
 * codes, and a seeded random snapshot for the property tests.
 */
import type { TerritoryCategory } from '../territory';
import type { Place } from './budgets';
import type { Level } from './groups';
import { defaultParameters, mergePatch, type SubventionParameters } from './parameters';
import type { BudgetTerritory, ClassCount, PupilCell, RegistrySnapshot, SchoolRecord } from './snapshot';

export const OBLAST = 'UA32000000000030281';
export const CITY = 'UA80000000000093317';

export function place(
  code: string,
  category: TerritoryCategory,
  hromadaCode: string | null,
  oblastCode = OBLAST,
  oblastCategory: TerritoryCategory = oblastCode === CITY ? 'K' : 'O',
): Place {
  return { code, category, hromadaCode, oblastCode, oblastCategory };
}

export function school(id: string, over: Partial<SchoolRecord> = {}): SchoolRecord {
  return {
    id,
    name: `Заклад ${id}`,
    edrpou: null,
    regionId: 'region-1',
    ouoId: 'ouo-1',
    schoolType: 'gymnasium',
    ownership: 'communal',
    founder: 'Тестова сільська рада',
    status: 'operating',
    location: null,
    origin: null,
    gradeMin: 1,
    gradeMax: 9,
    settlementType: null,
    ...over,
  };
}

export function territory(
  code: string,
  category: TerritoryCategory,
  over: Partial<BudgetTerritory> = {},
): [string, BudgetTerritory] {
  return [
    code,
    {
      code,
      name: `Територія ${code.slice(-4)}`,
      category,
      oblastCode: category === 'O' || category === 'K' ? code : OBLAST,
      settlements: 1,
      hasCity: false,
      occupied: false,
      ...over,
    },
  ];
}

export function cell(
  schoolId: string,
  level: Level,
  pupils: number,
  over: Partial<Omit<PupilCell, 'schoolId' | 'level' | 'pupils'>> = {},
): PupilCell {
  return {
    schoolId,
    level,
    pupils,
    educationForm: 'day',
    specialNeeds: false,
    instructionLanguage: 'uk',
    livesElsewhere: false,
    ...over,
  };
}

export const classes = (schoolId: string, level: Level, n: number): ClassCount => ({ schoolId, level, classes: n });

/**
 * The hand-computed example (formula.test.ts): two hromadas and Kyiv, an oblast budget with a special school, one
 * small school, a reduction coefficient, and schools that count for nobody.
 */
export const HAND = {
  A: 'UA32000000000000011',
  C: 'UA32000000000000022',
  villageA: 'UA32000000000000111',
  villageC: 'UA32000000000000222',
  townC: 'UA32000000000000223',
  kyivDistrict: 'UA80000000000000001',
} as const;

export function handParameters(): SubventionParameters {
  return mergePatch(defaultParameters(2026), {
    total: { value: '100000000' },
    groups: { I: { value: '1' }, II: { value: '2' } },
    levels: { primary: { value: '1' }, basic: { value: '1.5' }, profile: { value: '2' } },
    classSize: {
      rule: { value: 'normative-or-actual' },
      referenceSize: { value: '20' },
      cityNorm: { value: '25' },
      cityBudgets: { value: { specialStatusCities: true, codes: [], urbanHromadas: null } },
    },
    density: { areasKm2: { value: {} }, km2PerSettlement: { value: '10' } },
    adjustments: {
      specialNeeds: { value: '1' },
      minorityLanguage: { value: '0.1' },
      minorityLanguages: { value: ['hu'] },
      transport: { value: '0.1' },
      mountain: { value: '0.2' },
      mountainSettlements: { value: [] },
    },
    reduction: { coefficient: { value: '0.9' }, scope: { value: 'listed' }, budgets: { value: [HAND.C] } },
  }) as SubventionParameters;
}

export function handSnapshot(): RegistrySnapshot {
  const inA = place(HAND.villageA, 'C', HAND.A);
  const inKyiv = place(HAND.kyivDistrict, 'B', CITY, CITY, 'K');
  const schools: SchoolRecord[] = [
    school('a1', { location: inA, gradeMin: 1, gradeMax: 9 }),
    school('a-private', { location: inA, ownership: 'private', founder: 'ТОВ «Освіта»' }),
    school('b1', {
      location: inKyiv,
      schoolType: 'lyceum',
      gradeMin: 1,
      gradeMax: 11,
      founder: 'Київська міська рада',
    }),
    school('b-state', { location: inKyiv, ownership: 'state', founder: 'Міністерство освіти і науки України' }),
    school('c1', { location: place(HAND.villageC, 'C', HAND.C), gradeMin: 1, gradeMax: 9 }),
    school('c2', { location: place(HAND.townC, 'M', HAND.C), schoolType: 'lyceum', gradeMin: 1, gradeMax: 11 }),
    school('d1', {
      location: place(HAND.townC, 'M', HAND.C),
      schoolType: 'special',
      founder: 'Київська обласна рада',
      gradeMin: 1,
      gradeMax: 12,
    }),
  ];
  const cells: PupilCell[] = [
    cell('a1', 'primary', 57),
    cell('a1', 'primary', 3, { specialNeeds: true }),
    cell('a1', 'basic', 60),
    cell('a1', 'basic', 30, { livesElsewhere: true }),
    cell('a-private', 'primary', 10),
    cell('b1', 'primary', 100),
    cell('b1', 'basic', 130),
    cell('b1', 'basic', 20, { instructionLanguage: 'hu' }),
    cell('b1', 'profile', 50),
    cell('b-state', 'profile', 30),
    cell('c1', 'primary', 20),
    cell('c1', 'basic', 20),
    cell('c2', 'primary', 40),
    cell('c2', 'basic', 50),
    cell('c2', 'profile', 10),
    cell('d1', 'basic', 50),
  ];
  const classCounts: ClassCount[] = [
    classes('a1', 'primary', 6),
    classes('a1', 'basic', 6),
    classes('b1', 'primary', 4),
    classes('b1', 'basic', 5),
    classes('b1', 'profile', 2),
    classes('c1', 'primary', 4),
    classes('c1', 'basic', 5),
    classes('c2', 'primary', 2),
    classes('c2', 'basic', 2),
    classes('c2', 'profile', 1),
    classes('d1', 'basic', 5),
  ];
  return {
    asOf: '2025-10-15',
    schools,
    cells,
    classes: classCounts,
    territories: new Map([
      territory(HAND.A, 'H', { name: 'Альфівська', settlements: 10 }),
      territory(HAND.C, 'H', { name: 'Гаммівська', settlements: 4, hasCity: true }),
      territory(OBLAST, 'O', { name: 'Київська', settlements: 100 }),
      territory(CITY, 'K', { name: 'Київ', settlements: 0, hasCity: true }),
    ]),
  };
}

/** Mulberry32: a small seeded generator, so a failing property names its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS_: readonly Level[] = ['primary', 'basic', 'profile'];
const FORMS = ['day', 'day', 'day', 'day', 'distance', 'evening', 'part_time', 'externship', 'family'];
const TYPES = ['gymnasium', 'lyceum', 'lyceum', 'primary', 'complex', 'special', 'evening'];

/** A random snapshot: `budgets` hromadas of one oblast with 1–4 schools each and random pupils. */
export function randomSnapshot(rnd: () => number, budgets: number): RegistrySnapshot {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const schools: SchoolRecord[] = [];
  const cells: PupilCell[] = [];
  const classCounts: ClassCount[] = [];
  const territories = new Map<string, BudgetTerritory>([territory(OBLAST, 'O', { settlements: 400 })]);
  for (let b = 0; b < budgets; b++) {
    const code = `UA3200000000${String(1000000 + b).slice(1)}1`;
    territories.set(...territory(code, 'H', { settlements: int(1, 40), hasCity: rnd() < 0.3 }));
    for (let s = 0, n = int(1, 4); s < n; s++) {
      const id = `s${b}-${s}`;
      const type = pick(TYPES);
      const category: TerritoryCategory = rnd() < 0.6 ? 'C' : 'M';
      schools.push(
        school(id, {
          schoolType: type,
          founder: type === 'special' ? 'Київська обласна рада' : 'Тестова сільська рада',
          location: place(`${code.slice(0, 16)}${s}${b % 10}9`, category, code),
          gradeMin: type === 'primary' ? 1 : int(1, 5),
          gradeMax: type === 'primary' ? 4 : pick([9, 11, 12]),
        }),
      );
      for (const level of LEVELS_) {
        if (rnd() < 0.2) continue;
        const pupils = int(1, 300);
        cells.push(
          cell(id, level, pupils, {
            educationForm: pick(FORMS),
            specialNeeds: rnd() < 0.1,
            instructionLanguage: rnd() < 0.1 ? 'hu' : 'uk',
            livesElsewhere: rnd() < 0.3,
          }),
        );
        classCounts.push(classes(id, level, int(1, Math.max(1, Math.ceil(pupils / 8)))));
      }
    }
  }
  return { asOf: '2025-10-15', schools, cells, classes: classCounts, territories };
}
