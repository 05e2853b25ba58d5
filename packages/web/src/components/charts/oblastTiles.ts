/**
 * Ukraine's 27 regions (24 oblasts, the Autonomous Republic of Crimea, Kyiv and Sevastopol) on a 7 × 6 grid of equal
 * squares, placed so that neighbours stay neighbours. Column 0 is the west, row 0 the north; Kyiv stands north of
 * Kyiv oblast (it lies inside it), Sevastopol west of Crimea. Codes are the regions' KATOTTH codes (level 1).
 */
export interface OblastTile {
  /** KATOTTH code of the oblast, АРК or special-status city. */
  code: string;
  /** Short label drawn in the square (Ukrainian). */
  short: string;
  /** The region's name (Ukrainian), used when the data gives none. */
  name: string;
  col: number;
  row: number;
}

export const OBLAST_GRID = { columns: 7, rows: 6 } as const;

export const OBLAST_TILES: readonly OblastTile[] = [
  { code: 'UA07000000000024379', short: 'Вол', name: 'Волинська область', col: 0, row: 0 },
  { code: 'UA56000000000066151', short: 'Рів', name: 'Рівненська область', col: 1, row: 0 },
  { code: 'UA18000000000041385', short: 'Жит', name: 'Житомирська область', col: 2, row: 0 },
  { code: 'UA80000000000093317', short: 'Київ', name: 'м. Київ', col: 3, row: 0 },
  { code: 'UA74000000000025378', short: 'Чрг', name: 'Чернігівська область', col: 4, row: 0 },
  { code: 'UA59000000000057109', short: 'Сум', name: 'Сумська область', col: 5, row: 0 },
  { code: 'UA46000000000026241', short: 'Льв', name: 'Львівська область', col: 0, row: 1 },
  { code: 'UA61000000000060328', short: 'Тер', name: 'Тернопільська область', col: 1, row: 1 },
  { code: 'UA68000000000099709', short: 'Хмл', name: 'Хмельницька область', col: 2, row: 1 },
  { code: 'UA32000000000030281', short: 'Кив', name: 'Київська область', col: 3, row: 1 },
  { code: 'UA53000000000028050', short: 'Пол', name: 'Полтавська область', col: 4, row: 1 },
  { code: 'UA63000000000041885', short: 'Хрк', name: 'Харківська область', col: 5, row: 1 },
  { code: 'UA44000000000018893', short: 'Луг', name: 'Луганська область', col: 6, row: 1 },
  { code: 'UA21000000000011690', short: 'Зак', name: 'Закарпатська область', col: 0, row: 2 },
  { code: 'UA26000000000069363', short: 'Ів-Ф', name: 'Івано-Франківська область', col: 1, row: 2 },
  { code: 'UA05000000000010236', short: 'Він', name: 'Вінницька область', col: 2, row: 2 },
  { code: 'UA71000000000010357', short: 'Чрк', name: 'Черкаська область', col: 3, row: 2 },
  { code: 'UA12000000000090473', short: 'Днп', name: 'Дніпропетровська область', col: 4, row: 2 },
  { code: 'UA14000000000091971', short: 'Дон', name: 'Донецька область', col: 5, row: 2 },
  { code: 'UA73000000000044923', short: 'Чрв', name: 'Чернівецька область', col: 1, row: 3 },
  { code: 'UA51000000000030770', short: 'Од', name: 'Одеська область', col: 2, row: 3 },
  { code: 'UA35000000000016081', short: 'Кір', name: 'Кіровоградська область', col: 3, row: 3 },
  { code: 'UA23000000000064947', short: 'Зап', name: 'Запорізька область', col: 4, row: 3 },
  { code: 'UA48000000000039575', short: 'Мик', name: 'Миколаївська область', col: 3, row: 4 },
  { code: 'UA65000000000030969', short: 'Хер', name: 'Херсонська область', col: 4, row: 4 },
  { code: 'UA85000000000065278', short: 'Сев', name: 'м. Севастополь', col: 3, row: 5 },
  { code: 'UA01000000000013043', short: 'Крим', name: 'Автономна Республіка Крим', col: 4, row: 5 },
];

/** One region's value as an API gives it: keyed by the region's KATOTTH code or by its organisation id. */
export interface OblastValue {
  /** KATOTTH code of the region, or the id of its organisation (then pass `codes` to the map). */
  key: string;
  /** The value that colours the square; null = no data. */
  value: number | null;
  /** The region's name as the API gives it (else the built-in Ukrainian name). */
  name?: string;
  /** Extra text for the table and the square's accessible name, e.g. "12 закладів". */
  detail?: string;
  /** Where the square leads (drill-down), if anywhere. */
  href?: string;
}

export interface PlacedTile extends OblastTile {
  key: string | null;
  value: number | null;
  label: string;
  detail?: string;
  href?: string;
  /** 0 … steps − 1, or null without data. */
  bin: number | null;
}

/**
 * Places values on the tiles. A value is matched by KATOTTH code, or by organisation id through `codes`
 * (id → code); values that match no tile are returned apart (a region unknown to the map is never dropped silently).
 */
export function placeValues(
  values: readonly OblastValue[],
  options: {
    codes?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
    min: number;
    max: number;
    steps: number;
  },
): { tiles: PlacedTile[]; unplaced: OblastValue[] } {
  const { codes } = options;
  const codeOf = (key: string): string => {
    if (!codes) return key;
    const mapped = isMap(codes) ? codes.get(key) : codes[key];
    return mapped ?? key;
  };
  const byCode = new Map<string, OblastValue>();
  const unplaced: OblastValue[] = [];
  const known = new Set(OBLAST_TILES.map((t) => t.code));
  for (const v of values) {
    const code = codeOf(v.key);
    if (known.has(code)) byCode.set(code, v);
    else unplaced.push(v);
  }
  const tiles = OBLAST_TILES.map((t): PlacedTile => {
    const v = byCode.get(t.code);
    const value = v?.value ?? null;
    return {
      ...t,
      key: v?.key ?? null,
      value,
      label: v?.name ?? t.name,
      ...(v?.detail !== undefined ? { detail: v.detail } : {}),
      ...(v?.href !== undefined ? { href: v.href } : {}),
      bin: value === null ? null : binOf(value, options.min, options.max, options.steps),
    };
  });
  return { tiles, unplaced };
}

/** The colour class (0 … steps − 1) of a value on an equal-interval scale from min to max. */
export function binOf(value: number, min: number, max: number, steps: number): number {
  if (!(max > min)) return steps - 1;
  const share = (Math.min(max, Math.max(min, value)) - min) / (max - min);
  return Math.min(steps - 1, Math.floor(share * steps));
}

/** The bounds of each colour class, for the legend: [from, to) except the last, [from, to]. */
export function binBounds(min: number, max: number, steps: number): Array<{ from: number; to: number }> {
  const width = (max - min) / steps;
  return Array.from({ length: steps }, (_, i) => ({
    from: min + i * width,
    to: i === steps - 1 ? max : min + (i + 1) * width,
  }));
}

function isMap(
  codes: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): codes is ReadonlyMap<string, string> {
  return codes instanceof Map;
}
