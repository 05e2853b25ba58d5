/**
 * A tile map of Ukraine's 27 regions (24 oblasts, the Autonomous Republic of Crimea, Kyiv and Sevastopol): one
 * equal square per region on a 7 × 6 grid, placed so that neighbours stay neighbours. Used for the oblast map of
 * winners and losers; the portal draws the squares, the server fills them.
 *
 * Column 0 is the west, row 0 the north. Kyiv stands north of Kyiv oblast (it lies inside it), Sevastopol west of
 * Crimea.
 */

export interface OblastTile {
  /** KATOTTH code of the oblast, АРК or special-status city. */
  code: string;
  /** A short label for the square. */
  short: string;
  col: number;
  row: number;
}

export const TILE_GRID = { columns: 7, rows: 6 } as const;

export const OBLAST_TILES: readonly OblastTile[] = [
  { code: 'UA07000000000024379', short: 'Вол', col: 0, row: 0 },
  { code: 'UA56000000000066151', short: 'Рів', col: 1, row: 0 },
  { code: 'UA18000000000041385', short: 'Жит', col: 2, row: 0 },
  { code: 'UA80000000000093317', short: 'Київ', col: 3, row: 0 },
  { code: 'UA74000000000025378', short: 'Чрг', col: 4, row: 0 },
  { code: 'UA59000000000057109', short: 'Сум', col: 5, row: 0 },
  { code: 'UA46000000000026241', short: 'Льв', col: 0, row: 1 },
  { code: 'UA61000000000060328', short: 'Тер', col: 1, row: 1 },
  { code: 'UA68000000000099709', short: 'Хмл', col: 2, row: 1 },
  { code: 'UA32000000000030281', short: 'Кив', col: 3, row: 1 },
  { code: 'UA53000000000028050', short: 'Пол', col: 4, row: 1 },
  { code: 'UA63000000000041885', short: 'Хрк', col: 5, row: 1 },
  { code: 'UA44000000000018893', short: 'Луг', col: 6, row: 1 },
  { code: 'UA21000000000011690', short: 'Зак', col: 0, row: 2 },
  { code: 'UA26000000000069363', short: 'Ів-Ф', col: 1, row: 2 },
  { code: 'UA05000000000010236', short: 'Він', col: 2, row: 2 },
  { code: 'UA71000000000010357', short: 'Чрк', col: 3, row: 2 },
  { code: 'UA12000000000090473', short: 'Днп', col: 4, row: 2 },
  { code: 'UA14000000000091971', short: 'Дон', col: 5, row: 2 },
  { code: 'UA73000000000044923', short: 'Чрв', col: 1, row: 3 },
  { code: 'UA51000000000030770', short: 'Од', col: 2, row: 3 },
  { code: 'UA35000000000016081', short: 'Кір', col: 3, row: 3 },
  { code: 'UA23000000000064947', short: 'Зап', col: 4, row: 3 },
  { code: 'UA48000000000039575', short: 'Мик', col: 3, row: 4 },
  { code: 'UA65000000000030969', short: 'Хер', col: 4, row: 4 },
  { code: 'UA85000000000065278', short: 'Сев', col: 3, row: 5 },
  { code: 'UA01000000000013043', short: 'Крим', col: 4, row: 5 },
];

/** A region's value on the map. */
export interface TileValue {
  baseKop: bigint;
  scenarioKop: bigint;
  gainers: number;
  losers: number;
  budgets: number;
}

export interface FilledTile extends OblastTile {
  name: string;
  baseKop: bigint;
  scenarioKop: bigint;
  deltaKop: bigint;
  /** Change in % of the base, 2 decimals (0 when the base is 0). */
  deltaPct: number;
  gainers: number;
  losers: number;
  budgets: number;
}

/** Every tile with its region's values (regions without budgets show zeros). */
export function fillTiles(values: ReadonlyMap<string, TileValue>, names: ReadonlyMap<string, string>): FilledTile[] {
  return OBLAST_TILES.map((t) => {
    const v = values.get(t.code) ?? { baseKop: 0n, scenarioKop: 0n, gainers: 0, losers: 0, budgets: 0 };
    const deltaKop = v.scenarioKop - v.baseKop;
    return {
      ...t,
      name: names.get(t.code) ?? t.short,
      ...v,
      deltaKop,
      deltaPct: percentChange(v.baseKop, deltaKop),
    };
  });
}

/** A change as a percentage of a base, rounded half away from zero to 2 decimals (display only, never money). */
export function percentChange(base: bigint, delta: bigint): number {
  if (base === 0n) return 0;
  const negative = delta < 0n;
  const abs = negative ? -delta : delta;
  const hundredths = (abs * 20000n + base) / (2n * base);
  return (negative ? -1 : 1) * (Number(hundredths) / 100);
}
