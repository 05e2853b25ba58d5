/**
 * Which local budget a school's pupils count for. The subvention is allocated among local budgets (Бюджетний кодекс,
 * ст. 103-2): the budget of each territorial hromada for the schools it founded, the budgets of Kyiv and Sevastopol
 * (special-status cities, which are their own local budgets), and oblast budgets for the schools founded by oblast
 * councils (special schools, sanatorium schools, oblast lyceums).
 *
 * The registry holds a school's ownership, type, founder (as text), status and location, so the rule is:
 * 1. a closed school counts for nobody;
 * 2. a private school counts for nobody (or, by parameter, for the hromada it is located in);
 * 3. a school whose founder is an oblast-level body («… обласна рада», «… обласна державна (військова)
 *    адміністрація», «Верховна Рада Автономної Республіки Крим») counts for the oblast budget — in Kyiv and
 *    Sevastopol for the city; so does a special school or rehabilitation centre whose founder is not recorded as a
 *    local council;
 * 4. any other state school counts for nobody: it is a state-budget institution;
 * 5. every other school counts for the hromada (or special-status city) of its location.
 * A relocated school (status `relocated`) counts where it comes from: its founder is the council of its hromada of
 * origin, which keeps it while it works elsewhere.
 */
import type { TerritoryCategory } from '../territory';
import { SPECIAL_SCHOOL_TYPES } from './groups';

export type BudgetKind = 'hromada' | 'city' | 'oblast';

export const BUDGET_KIND_LABELS: Readonly<Record<BudgetKind, string>> = {
  hromada: 'бюджет територіальної громади',
  city: 'бюджет міста зі спеціальним статусом',
  oblast: 'обласний бюджет',
};

/** Where a school is (or where it comes from), as the codifier places it. */
export interface Place {
  code: string;
  category: TerritoryCategory;
  /** The hromada or special-status city containing the place (itself when it is one). */
  hromadaCode: string | null;
  /** The oblast, АРК or special-status city (level 1) containing the place. */
  oblastCode: string;
  /** The category of that level-1 unit: O, or K for Kyiv and Sevastopol. */
  oblastCategory: TerritoryCategory;
}

/** A school as the budget rule sees it. */
export interface SchoolFacts {
  schoolType: string | null;
  ownership: string | null;
  founder: string | null;
  status: string;
  location: Place | null;
  origin: Place | null;
}

export type Exclusion = 'closed' | 'private' | 'state' | 'no-territory';

export const EXCLUSION_LABELS: Readonly<Record<Exclusion, string>> = {
  closed: 'заклад закрито',
  private: 'приватний заклад (не враховується за параметрами)',
  state: 'державний заклад: фінансується з державного бюджету',
  'no-territory': 'не вказано місцезнаходження закладу (код КАТОТТГ)',
};

export type BudgetBasis = 'location' | 'oblast-founder' | 'special-school';

export type Assignment =
  | { budgetCode: string; kind: BudgetKind; basis: BudgetBasis; place: Place; relocated: boolean }
  | { excluded: Exclusion };

const OBLAST_FOUNDER =
  /обласн\p{L}*\s+(рад|державн\p{L}*\s+адміністрац|військов\p{L}*\s+адміністрац)|верховн\p{L}*\s+рад\p{L}*\s+автономної\s+республіки\s+крим/iu;
const LOCAL_FOUNDER = /(міськ|селищн|сільськ)\p{L}*\s+рад|територіальн\p{L}*\s+громад/iu;

/** Whether a founder's name is an oblast-level body. */
export function isOblastFounder(founder: string | null): boolean {
  return founder !== null && OBLAST_FOUNDER.test(founder);
}

/**
 * The budget a school's pupils count for, or why they count for none.
 *
 * @example assignBudget({ schoolType: 'special', ownership: 'communal', founder: 'Київська обласна рада', … })
 * // { budgetCode: 'UA32000000000030281', kind: 'oblast', basis: 'oblast-founder', … }
 */
export function assignBudget(school: SchoolFacts, options: { privateSchools: 'excluded' | 'hromada' }): Assignment {
  if (school.status === 'closed') return { excluded: 'closed' };
  const relocated = school.status === 'relocated' && school.origin !== null;
  const place = relocated ? school.origin : school.location;
  if (!place) return { excluded: 'no-territory' };
  if (school.ownership === 'private' && options.privateSchools === 'excluded') return { excluded: 'private' };
  const oblastFounder = isOblastFounder(school.founder);
  const special =
    school.schoolType !== null &&
    SPECIAL_SCHOOL_TYPES.includes(school.schoolType) &&
    !(school.founder !== null && LOCAL_FOUNDER.test(school.founder));
  if (school.ownership !== 'private' && (oblastFounder || special)) {
    return {
      budgetCode: place.oblastCode,
      kind: place.oblastCategory === 'K' ? 'city' : 'oblast',
      basis: oblastFounder ? 'oblast-founder' : 'special-school',
      place,
      relocated,
    };
  }
  if (school.ownership === 'state') return { excluded: 'state' };
  if (!place.hromadaCode) return { excluded: 'no-territory' };
  return {
    budgetCode: place.hromadaCode,
    kind: place.hromadaCode === place.oblastCode && place.oblastCategory === 'K' ? 'city' : 'hromada',
    basis: 'location',
    place,
    relocated,
  };
}
