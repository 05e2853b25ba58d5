/**
 * KATOTTH — Кодифікатор адміністративно-територіальних одиниць та територій територіальних громад
 * (Мінрегіон order 290 of 26.11.2020). A code is `UA` + 17 digits. Levels: 1 oblast / АРК / special-status city,
 * 2 raion, 3 hromada, 4 settlement, 5 city district (the "additional level").
 */
export const KATOTTG_PATTERN = /^UA\d{17}$/;

export type TerritoryCategory = 'O' | 'K' | 'P' | 'H' | 'M' | 'X' | 'C' | 'B' | 'T';

export const TERRITORY_CATEGORIES: Readonly<Record<TerritoryCategory, { uk: string; en: string }>> = {
  O: { uk: 'область', en: 'oblast' },
  K: { uk: 'місто зі спеціальним статусом', en: 'city with special status' },
  P: { uk: 'район', en: 'raion' },
  H: { uk: 'територіальна громада', en: 'hromada' },
  M: { uk: 'місто', en: 'city' },
  X: { uk: 'селище', en: 'settlement' },
  C: { uk: 'село', en: 'village' },
  B: { uk: 'район у місті', en: 'city district' },
  T: { uk: 'селище міського типу', en: 'urban-type settlement' },
};

/**
 * Settlement categories counted as urban for the ZNZ-1 header's type of locality (1 urban / 2 rural): cities,
 * special-status cities and their districts, and селища (the former urban-type settlements, смт), as statistics
 * count міські поселення.
 */
export const URBAN_CATEGORIES: ReadonlySet<TerritoryCategory> = new Set(['M', 'K', 'B', 'X', 'T']);

export function isKatottg(code: string): boolean {
  return KATOTTG_PATTERN.test(code);
}

export function isTerritoryCategory(c: string): c is TerritoryCategory {
  return Object.hasOwn(TERRITORY_CATEGORIES, c);
}

export interface CodifierEntry {
  code: string;
  parentCode: string | null;
  level: 1 | 2 | 3 | 4 | 5;
  category: TerritoryCategory;
  name: string;
}

/**
 * Parses one row of the codifier (columns: levels 1–4, additional level, category, name). The entry's own code is
 * the last filled level column; its parent is the nearest filled column before it with a different code (Kyiv's
 * districts repeat Kyiv's code in levels 1–4).
 */
export function parseCodifierRow(columns: readonly string[]): CodifierEntry | null {
  const levels = columns.slice(0, 5).map((c) => c.trim());
  const category = (columns[5] ?? '').trim();
  const name = (columns[6] ?? '').trim();
  let own = -1;
  for (let i = levels.length - 1; i >= 0; i--) {
    if (levels[i]) {
      own = i;
      break;
    }
  }
  if (own < 0 || !isKatottg(levels[own]!) || !isTerritoryCategory(category) || !name) return null;
  const code = levels[own]!;
  let parentCode: string | null = null;
  for (let i = own - 1; i >= 0; i--) {
    if (levels[i] && levels[i] !== code) {
      parentCode = levels[i]!;
      break;
    }
  }
  return { code, parentCode, level: (own + 1) as CodifierEntry['level'], category, name };
}

/** A display name with the category word, as people write it: «Київська область», «м. Київ», «с. Андріївка». */
export function territoryDisplayName(category: TerritoryCategory, name: string): string {
  switch (category) {
    case 'O':
      return name.startsWith('Автономна') ? name : `${name} область`;
    case 'K':
    case 'M':
      return `м. ${name}`;
    case 'P':
      return `${name} район`;
    case 'H':
      return `${name} територіальна громада`;
    case 'X':
      return `с-ще ${name}`;
    case 'T':
      return `смт ${name}`;
    case 'C':
      return `с. ${name}`;
    case 'B':
      return `${name} район`;
  }
}

export const HOSTILITY_KINDS = [
  'possible_hostilities',
  'active_hostilities',
  'active_hostilities_with_state_eresources',
  'temporarily_occupied',
] as const;
export type HostilityKind = (typeof HOSTILITY_KINDS)[number];

export const HOSTILITY_KIND_LABELS: Readonly<Record<HostilityKind, { uk: string; en: string }>> = {
  possible_hostilities: { uk: 'території можливих бойових дій', en: 'possible hostilities' },
  active_hostilities: { uk: 'території активних бойових дій', en: 'active hostilities' },
  active_hostilities_with_state_eresources: {
    uk: 'території активних бойових дій, на яких функціонують державні електронні інформаційні ресурси',
    en: 'active hostilities with state e-resources functioning',
  },
  temporarily_occupied: { uk: 'тимчасово окуповані території', en: 'temporarily occupied' },
};

export interface HostilityPeriod {
  kind: HostilityKind;
  code: string;
  listedName: string;
  start: string | null;
  end: string | null;
}

/**
 * Whether a territory was on the list on a date: a period applies from its start date through its end date
 * (an open end = still listed).
 */
export function periodCovers(period: Pick<HostilityPeriod, 'start' | 'end'>, date: string): boolean {
  return (period.start === null || period.start <= date) && (period.end === null || date <= period.end);
}
