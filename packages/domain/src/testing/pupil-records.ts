/**
 * Fixed test data for the pupil exchange record: a valid record with real check digits, a fixed validation context
 * (never the clock) and a small territory lookup with real KATOTTH codes from the codifier of 2025-05-16 and real
 * periods from the list of territories of hostilities and occupation as of 30.04.2025. For the tests of any package.
 */
import type { PupilRecord } from '../exchange-record';
import { completeEdrpou } from '../identifiers/edrpou';
import { completeRnokpp, rnokppDatePart } from '../identifiers/rnokpp';
import { makeUnzr } from '../identifiers/unzr';
import type { HostilityKind, TerritoryCategory } from '../territory';
import type { TerritoryLookup, ValidationContext } from '../validation/context';

/** 1 October 2025, school year 2025-2026. */
export const FIXED_CONTEXT: ValidationContext = { today: '2025-10-01', schoolYearStart: 2025 };

export const PUPIL_BIRTH_DATE = '2014-03-09';
/** A male РНОКПП for {@link PUPIL_BIRTH_DATE} (ninth digit odd). */
export const PUPIL_RNOKPP = completeRnokpp(`${rnokppDatePart(PUPIL_BIRTH_DATE)}0123`)!;
export const PUPIL_UNZR = makeUnzr(PUPIL_BIRTH_DATE, 1234);
export const SCHOOL_EDRPOU = completeEdrpou('2143658')!;

/** KATOTTH codes used by {@link fakeTerritories}. */
export const TERRITORY = {
  kyiv: 'UA80000000000093317',
  donetskOblast: 'UA14000000000091971',
  bakhmutRaion: 'UA14020000000013572',
  bakhmutHromada: 'UA14020010000088496',
  bakhmutCity: 'UA14020010010059145',
  crimea: 'UA01000000000013043',
  andriivskaHromada: 'UA01020010000048857',
  lvivHromada: 'UA46060250000025047',
  /** Well-formed but not in the codifier. */
  unknown: 'UA99999999999999999',
} as const;

/**
 * A valid record: grade 5 in 2025-2026, eleven on 1 September 2025, every field filled.
 *
 * @example validPupilRecord({ middleName: undefined })
 */
export function validPupilRecord(overrides: Partial<PupilRecord> = {}): PupilRecord {
  const record: PupilRecord = {
    externalId: 'ej-000123',
    lastName: 'Шевченко',
    firstName: 'Тарас',
    middleName: 'Григорович',
    sex: 'male',
    birthDate: PUPIL_BIRTH_DATE,
    birthCertificate: { series: 'І-БК', number: '123456', issuedCountry: 'UA' },
    unzr: PUPIL_UNZR,
    rnokpp: PUPIL_RNOKPP,
    citizenship: 'UA',
    residence: { katottg: TERRITORY.kyiv, address: 'вул. Хрещатик, 1, кв. 2' },
    displacement: { status: 'none' },
    contact: { status: 'in_contact' },
    educationForm: 'day',
    specialNeeds: false,
    instructionLanguage: 'uk',
    enrollment: {
      schoolEdrpou: SCHOOL_EDRPOU,
      schoolYear: '2025-2026',
      grade: 5,
      classLetter: 'А',
      entryDate: '2025-09-01',
      orderNumber: '12-у',
    },
  };
  const merged: Record<string, unknown> = { ...record, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as PupilRecord;
}

const ENTRIES: Readonly<Record<string, { category: TerritoryCategory; level: number; name: string }>> = {
  [TERRITORY.kyiv]: { category: 'K', level: 1, name: 'Київ' },
  [TERRITORY.donetskOblast]: { category: 'O', level: 1, name: 'Донецька' },
  [TERRITORY.bakhmutRaion]: { category: 'P', level: 2, name: 'Бахмутський' },
  [TERRITORY.bakhmutHromada]: { category: 'H', level: 3, name: 'Бахмутська' },
  [TERRITORY.bakhmutCity]: { category: 'M', level: 4, name: 'Бахмут' },
  [TERRITORY.crimea]: { category: 'O', level: 1, name: 'Автономна Республіка Крим' },
  [TERRITORY.andriivskaHromada]: { category: 'H', level: 3, name: 'Андріївська' },
  [TERRITORY.lvivHromada]: { category: 'H', level: 3, name: 'Львівська' },
};

type Period = { kind: HostilityKind; start: string | null; end: string | null };
const CRIMEA: Period = { kind: 'temporarily_occupied', start: '2014-02-20', end: null };
const PERIODS: Readonly<Record<string, readonly Period[]>> = {
  [TERRITORY.bakhmutCity]: [
    { kind: 'active_hostilities', start: '2022-02-24', end: '2023-12-12' },
    { kind: 'temporarily_occupied', start: '2023-12-13', end: null },
  ],
  // Listed through the Autonomous Republic as a whole.
  [TERRITORY.crimea]: [CRIMEA],
  [TERRITORY.andriivskaHromada]: [CRIMEA],
};

/** A lookup over the codes of {@link TERRITORY}; `extraPeriods` adds periods for tests of unusual lists. */
export function fakeTerritories(extraPeriods: Readonly<Record<string, readonly Period[]>> = {}): TerritoryLookup {
  return {
    get: (code) => ENTRIES[code],
    hostilityPeriods: (code) => [...(PERIODS[code] ?? []), ...(extraPeriods[code] ?? [])],
  };
}
